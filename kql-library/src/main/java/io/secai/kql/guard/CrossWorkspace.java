package io.secai.kql.guard;

import io.secai.kql.schema.WorkspaceSchema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code workspace("...")} references the guard lets through: only to workspaces the operator configured, and
 * only when cross-workspace queries are switched on. Every other cross-resource reference ({@code app()},
 * {@code cluster()}, {@code database()}, {@code adx()}, {@code resource()}, {@code arg()}) stays refused whatever
 * this says.
 *
 * <p>A reference names a workspace by its alias, its Azure name or its id (any case); the guard writes the
 * workspace's id into the query it hands back, because Log Analytics resolves {@code workspace()} by name, qualified
 * name, id or resource id but knows nothing of SecAI's aliases (and an id is unambiguous).
 *
 * @param allowed whether cross-workspace references may run ({@value #ALLOW_SETTING})
 * @param workspaces the configured workspaces a query may reference
 */
public record CrossWorkspace(boolean allowed, List<Target> workspaces) {
    /** The setting that switches cross-workspace queries on. */
    public static final String ALLOW_SETTING = "plugins.sentinel-kql.allow-cross-workspace";
    /** Where workspaces are configured, one alias each. */
    public static final String WORKSPACES_SETTING = "azure.workspaces";
    /** Log Analytics runs a cross-resource query over at most this many resources. */
    public static final int MAX_RESOURCES = 10;

    public CrossWorkspace {
        workspaces = List.copyOf(workspaces);
    }

    /**
     * A configured workspace.
     *
     * @param alias the name SecAI's settings give it
     * @param id its workspace id (GUID)
     * @param names every name a query may use for it (alias, Azure name, id), compared ignoring case
     * @param schema its tables when known, to check the table a reference reads; empty when not known
     */
    public record Target(String alias, String id, Set<String> names, WorkspaceSchema schema) {
        public Target {
            Set<String> lower = new LinkedHashSet<>();
            names.forEach(name -> lower.add(name.strip().toLowerCase(Locale.ROOT)));
            lower.add(id.toLowerCase(Locale.ROOT));
            lower.add(alias.toLowerCase(Locale.ROOT));
            names = Set.copyOf(lower);
        }
    }

    /** @return no cross-workspace references allowed and no workspaces known */
    public static CrossWorkspace none() {
        return new CrossWorkspace(false, List.of());
    }

    /**
     * @param reference the text of a {@code workspace("...")} argument
     * @return the configured workspace it names; empty when none or more than one does
     */
    public Optional<Target> find(String reference) {
        String wanted = reference.toLowerCase(Locale.ROOT);
        List<Target> matching = workspaces.stream().filter(target -> target.names().contains(wanted)).toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /** @return the aliases, for messages */
    String aliases() {
        return workspaces.isEmpty() ? "none is configured"
                : String.join(", ", workspaces.stream().map(Target::alias).sorted().toList());
    }
}
