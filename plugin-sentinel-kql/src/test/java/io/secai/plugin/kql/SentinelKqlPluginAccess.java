package io.secai.plugin.kql;

import io.secai.api.CommandContribution;
import io.secai.api.PluginContext;

/** Lets tests in other packages start the plugin and take one of its commands. */
public final class SentinelKqlPluginAccess {
    private SentinelKqlPluginAccess() {
    }

    /**
     * @param name the command's name
     * @param context the plugin's context
     * @return the started plugin's command
     */
    public static CommandContribution command(String name, PluginContext context) {
        SentinelKqlPlugin plugin = new SentinelKqlPlugin();
        plugin.start(context);
        return plugin.commands().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
