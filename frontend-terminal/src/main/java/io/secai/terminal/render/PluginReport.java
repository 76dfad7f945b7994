package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.List;

import io.secai.api.Capability;
import io.secai.engine.PluginStatus;

/**
 * What {@code secai plugins} and the shell's {@code plugins} print: every plugin found, loaded or failed, with its
 * version, API version, capabilities, where it came from, and why it failed.
 */
public final class PluginReport {
    private PluginReport() {
    }

    /**
     * @param plugins the statuses the engine reported
     * @param style ANSI or plain
     * @return the lines to print
     */
    public static List<String> lines(List<PluginStatus> plugins, Style style) {
        List<String> lines = new ArrayList<>();
        if (plugins.isEmpty()) {
            lines.add("No plugins found. Put plugin jars or folders into plugins-dir (see --plugins-dir).");
            return lines;
        }
        long failed = plugins.stream().filter(p -> !p.loaded()).count();
        for (PluginStatus plugin : plugins) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            String state = plugin.loaded() ? style.good("LOADED") : style.bad("FAILED");
            lines.add(style.bold(TextWidth.singleLine(plugin.name()))
                    + (plugin.version().isEmpty() ? "" : " " + TextWidth.singleLine(plugin.version())) + "  " + state);
            lines.add("  api version:  " + (plugin.apiVersion().isEmpty() ? "-" : plugin.apiVersion()));
            lines.add("  source:       " + TextWidth.singleLine(plugin.source().toString()));
            plugin.reason().ifPresent(reason -> lines.add("  reason:       " + TextWidth.singleLine(reason)));
            if (!plugin.description().isBlank()) {
                lines.add("  description:  " + TextWidth.singleLine(plugin.description()));
            }
            List<Capability> capabilities = plugin.capabilities();
            for (int i = 0; i < capabilities.size(); i++) {
                Capability capability = capabilities.get(i);
                lines.add((i == 0 ? "  capabilities: " : "                ")
                        + TextWidth.singleLine(capability.name()) + style.dim(" - "
                        + TextWidth.singleLine(capability.description())));
            }
        }
        lines.add("");
        lines.add(plugins.size() - failed + " loaded, " + failed + " failed.");
        return lines;
    }
}
