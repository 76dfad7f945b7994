package io.secai.plugin.kql.workspace;

import java.util.Optional;

/**
 * One Log Analytics workspace SecAI may query.
 *
 * @param alias the name SecAI's settings, prompts, skills and queries use for it ({@code default} for
 *     {@code azure.workspace-id} when no alias carries that id)
 * @param id its workspace id (the GUID the query API takes)
 * @param name its Azure resource name, when configured ({@code workspace("name")} in a query finds it too)
 * @param subscription its Azure subscription, when configured (shown, and used for links)
 * @param resourceGroup its resource group, when configured
 * @param setting the setting it was read from, for messages
 */
public record ConfiguredWorkspace(String alias, String id, Optional<String> name, Optional<String> subscription,
                                  Optional<String> resourceGroup, String setting) {

    /** @return how the evidence names it: {@code emea (0b4c...)} */
    public String label() {
        return alias + " (" + id + ")";
    }
}
