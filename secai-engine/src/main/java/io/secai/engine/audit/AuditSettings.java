package io.secai.engine.audit;

import io.secai.api.Settings;
import io.secai.engine.session.SessionSettings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Whether and where prompts are audited.
 *
 * @param enabled {@code audit.enabled}
 * @param file {@code audit.file}; by default {@code audit.jsonl} in {@code secai.data-dir}
 * @param fsync {@code audit.fsync}: each record forced to the disk before the prompt's end is reported
 */
public record AuditSettings(boolean enabled, Path file, boolean fsync) {

    public AuditSettings {
        Objects.requireNonNull(file, "file");
    }

    /**
     * @param enabled {@code audit.enabled}
     * @param file {@code audit.file}
     */
    public AuditSettings(boolean enabled, Path file) {
        this(enabled, file, true);
    }

    /**
     * Reads {@code audit.enabled} (default true), {@code audit.file} and {@code secai.data-dir}.
     *
     * @param settings the merged configuration
     * @return the values
     */
    public static AuditSettings from(Settings settings) {
        return from(settings, SessionSettings.dataDirectory(settings));
    }

    /**
     * Reads {@code audit.enabled} and {@code audit.file}, defaulting to a file in the data folder the engine
     * already resolved.
     *
     * @param settings the merged configuration
     * @param dataDirectory SecAI's data folder
     * @return the values
     */
    public static AuditSettings from(Settings settings, Path dataDirectory) {
        Path file = settings.string("audit.file").map(SessionSettings::inHome)
                .orElseGet(() -> dataDirectory.resolve("audit.jsonl"));
        return new AuditSettings(settings.bool("audit.enabled", true), file.toAbsolutePath().normalize(),
                settings.bool("audit.fsync", true));
    }

    /**
     * Opens the configured log.
     *
     * @param redaction applied to every text written, to remove secrets
     * @return a JSONL log, or one that records nothing when disabled
     */
    public AuditLog open(UnaryOperator<String> redaction) {
        return enabled ? new JsonlAuditLog(file, redaction, fsync) : AuditLog.disabled();
    }
}
