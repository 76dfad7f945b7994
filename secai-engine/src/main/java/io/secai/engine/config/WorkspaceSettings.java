package io.secai.engine.config;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

/**
 * Whether any Log Analytics workspace is configured, for the start-up notice and {@code doctor}. The Sentinel KQL
 * plugin reads the workspaces themselves; the engine only needs to know that one exists, whichever way it was
 * written: {@code azure.workspace-id}, an alias under {@code azure.workspaces}, or the older
 * {@code plugins.sentinel-kql.workspaces} section.
 */
public final class WorkspaceSettings {

    /** The single default workspace. */
    public static final String DEFAULT_ID = "azure.workspace-id";
    private static final String ALIASES = "azure.workspaces";
    private static final String LEGACY_ALIASES = "plugins.sentinel-kql.workspaces";

    private WorkspaceSettings() {
    }

    /**
     * @param settings SecAI's settings
     * @return true when at least one workspace is configured
     */
    public static boolean anyConfigured(Settings settings) {
        return settings.string(DEFAULT_ID).filter(id -> !id.isBlank()).isPresent()
                || hasEntries(settings, ALIASES) || hasEntries(settings, LEGACY_ALIASES);
    }

    private static boolean hasEntries(Settings settings, String section) {
        try {
            return settings.map(section).values().stream().anyMatch(value -> !value.isBlank());
        } catch (SecAiException notASection) {
            // A malformed section is the plugin's to report, with its reason; it configures nothing.
            return false;
        }
    }
}
