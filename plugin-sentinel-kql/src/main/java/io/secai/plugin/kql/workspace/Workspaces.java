package io.secai.plugin.kql.workspace;

import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.kql.guard.CrossWorkspace;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The workspaces the Sentinel plugin may query, read once from the settings: prompts (the planner's
 * {@code workspace} input), skills (their {@code target}), {@code kql run}, the MCP tools and {@code workspace()}
 * references in KQL all name a workspace through this one resolver, so a name means the same everywhere.
 *
 * <p>Keys: {@code azure.workspaces.<alias>.id} (with optional {@code .name}, {@code .subscription},
 * {@code .resource-group}; {@code azure.workspaces.<alias> = "<id>"} is short for {@code .id});
 * {@code azure.workspace-id}; {@code azure.default-workspace}. The older
 * {@code plugins.sentinel-kql.workspaces.<alias> = "<id>"} is still read, with a deprecation line in the log, unless
 * the new key defines the same alias.
 *
 * <p>The default workspace, first that applies: {@code azure.default-workspace} (an alias); {@code azure.workspace-id}
 * (its alias when one has that id, else {@code default}); the only configured alias when there is exactly one.
 *
 * <p>An alias is ASCII letters, digits, {@code -} and {@code _} (at most 64, starting with a letter or digit):
 * aliases travel into prompts, the model's plans, KQL literals and log lines, and a look-alike letter from another
 * script would name a different workspace that reads the same. A bad alias or id is skipped and reported.
 */
public final class Workspaces {
    /** The alias of {@code azure.workspace-id} when no configured alias has its id. */
    public static final String DEFAULT = "default";
    /** The settings section of the workspaces. */
    public static final String SECTION = CrossWorkspace.WORKSPACES_SETTING;
    static final String DEFAULT_ID_KEY = "azure.workspace-id";
    static final String DEFAULT_ALIAS_KEY = "azure.default-workspace";
    static final String LEGACY_SECTION = "plugins.sentinel-kql.workspaces";
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "name", "subscription", "resource-group");

    private final Map<String, ConfiguredWorkspace> byAlias = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> deprecations = new ArrayList<>();
    private final Optional<ConfiguredWorkspace> defaultWorkspace;

    /**
     * @param settings SecAI's settings
     */
    public Workspaces(Settings settings) {
        readSection(settings);
        readLegacy(settings);
        this.defaultWorkspace = chooseDefault(settings);
    }

    private void readSection(Settings settings) {
        Map<String, Map<String, String>> fields = new TreeMap<>();
        Map<String, String> raw;
        try {
            raw = settings.map(SECTION);
        } catch (SecAiException notASection) {
            problems.add(SECTION + " must be a section of aliases, such as " + SECTION + ".emea.id = \"<id>\"");
            return;
        }
        raw.forEach((key, value) -> {
            int end = aliasEnd(key);
            String alias = unquote(key.substring(0, end));
            String field = end >= key.length() ? "id" : key.substring(end + 1);
            fields.computeIfAbsent(alias, a -> new LinkedHashMap<>()).put(FIELDS.contains(field) ? field : "?",
                    FIELDS.contains(field) ? value : field);
        });
        fields.forEach((alias, values) -> {
            String setting = SECTION + "." + shown(alias);
            if (values.containsKey("?")) {
                problems.add(setting + "." + shown(values.get("?")) + ": unknown key; a workspace takes id, name,"
                        + " subscription and resource-group");
            }
            add(alias, Optional.ofNullable(values.get("id")).orElse(""), values.get("name"),
                    values.get("subscription"), values.get("resource-group"), setting);
        });
    }

    private void readLegacy(Settings settings) {
        Map<String, String> legacy;
        try {
            legacy = settings.map(LEGACY_SECTION);
        } catch (SecAiException notASection) {
            problems.add(LEGACY_SECTION + " must be a section of names and ids");
            return;
        }
        legacy.forEach((key, id) -> {
            String alias = unquote(key);
            String setting = LEGACY_SECTION + "." + shown(alias);
            if (byAlias.containsKey(alias.toLowerCase(Locale.ROOT))) {
                deprecations.add(setting + " is deprecated and ignored: " + SECTION + "." + shown(alias)
                        + " defines that alias");
                return;
            }
            deprecations.add(setting + " is deprecated; write " + SECTION + "." + shown(alias)
                    + ".id = \"<id>\" instead (still read for now)");
            add(alias, id, null, null, null, setting);
        });
    }

    private void add(String alias, String id, String name, String subscription, String resourceGroup,
                     String setting) {
        String cleanId = id.strip();
        if (!ALIAS.matcher(alias).matches()) {
            problems.add(setting + ": the alias must be ASCII letters, digits, '-' or '_' (at most 64); skipped");
        } else if (alias.equalsIgnoreCase(DEFAULT)) {
            problems.add(setting + ": 'default' names " + DEFAULT_ID_KEY + "; choose another alias; skipped");
        } else if (!ID.matcher(cleanId).matches()) {
            problems.add(setting + ": " + (cleanId.isEmpty() ? "no id" : "the id is not a workspace id (GUID)")
                    + "; skipped");
        } else if (byAlias.containsKey(alias.toLowerCase(Locale.ROOT))) {
            problems.add(setting + ": the alias is defined twice (aliases ignore case); skipped");
        } else {
            byAlias.put(alias.toLowerCase(Locale.ROOT), new ConfiguredWorkspace(alias, cleanId, blank(name),
                    blank(subscription), blank(resourceGroup), setting));
        }
    }

    private Optional<ConfiguredWorkspace> chooseDefault(Settings settings) {
        Optional<String> alias = settings.string(DEFAULT_ALIAS_KEY).map(String::strip).filter(a -> !a.isEmpty());
        if (alias.isPresent()) {
            Optional<ConfiguredWorkspace> named =
                    Optional.ofNullable(byAlias.get(alias.get().toLowerCase(Locale.ROOT)));
            if (named.isEmpty()) {
                problems.add(DEFAULT_ALIAS_KEY + " names '" + shown(alias.get()) + "', which is not a configured"
                        + " alias (configured: " + aliasList() + ")");
            } else {
                return named;
            }
        }
        Optional<String> id = settings.string(DEFAULT_ID_KEY).map(String::strip).filter(value -> !value.isEmpty());
        if (id.isPresent()) {
            Optional<ConfiguredWorkspace> same = byAlias.values().stream()
                    .filter(workspace -> workspace.id().equalsIgnoreCase(id.get())).findFirst();
            // The original's azure.workspace-name, subscription-id and resource-group describe this workspace.
            return Optional.of(same.orElseGet(() -> new ConfiguredWorkspace(DEFAULT, id.get(),
                    blank(settings.string("azure.workspace-name").orElse(null)),
                    blank(settings.string("azure.subscription-id").orElse(null)),
                    blank(settings.string("azure.resource-group").orElse(null)), DEFAULT_ID_KEY)));
        }
        return byAlias.size() == 1 ? byAlias.values().stream().findFirst() : Optional.empty();
    }

    /** @return every configured workspace, the default first */
    public List<ConfiguredWorkspace> all() {
        List<ConfiguredWorkspace> all = new ArrayList<>();
        defaultWorkspace.ifPresent(all::add);
        byAlias.values().stream().filter(workspace -> !all.contains(workspace)).forEach(all::add);
        return all;
    }

    /** @return the default workspace, when one is configured */
    public Optional<ConfiguredWorkspace> defaultWorkspace() {
        return defaultWorkspace;
    }

    /** @return settings that were skipped, in words, to log at start and show in {@code kql workspaces} */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** @return deprecated settings still read, in words, to log at start */
    public List<String> deprecations() {
        return List.copyOf(deprecations);
    }

    /**
     * @param name an alias, the workspace's Azure name or id (any case), {@code default}, or empty for the default
     * @return the workspace
     * @throws SecAiException naming the configured aliases and the setting when there is no such workspace
     */
    public ConfiguredWorkspace resolve(Optional<String> name) {
        String wanted = name.map(String::strip).orElse("");
        if (wanted.isEmpty() || wanted.equalsIgnoreCase(DEFAULT)) {
            return defaultWorkspace.orElseThrow(() -> new SecAiException("No default Log Analytics workspace:"
                    + " set " + DEFAULT_ID_KEY + " (AZURE_WORKSPACE_ID), or " + DEFAULT_ALIAS_KEY + " to one of the"
                    + " aliases under " + SECTION + (byAlias.isEmpty() ? "" : " (" + aliasList() + ")") + "."));
        }
        return find(wanted).orElseThrow(() -> new SecAiException("No workspace named '" + shown(wanted)
                + "': the configured ones are " + String.join(", ", all().stream().map(ConfiguredWorkspace::alias)
                .toList()) + " (configure one as " + SECTION + ".<alias>.id = \"<workspace id>\")."));
    }

    /** By alias, then Azure name, then id, ignoring case; a name two workspaces share finds neither. */
    private Optional<ConfiguredWorkspace> find(String wanted) {
        String key = wanted.toLowerCase(Locale.ROOT);
        List<ConfiguredWorkspace> known = new ArrayList<>(byAlias.values());
        defaultWorkspace.filter(workspace -> !known.contains(workspace)).ifPresent(known::add);
        for (Function<ConfiguredWorkspace, Optional<String>> field : List.<Function<ConfiguredWorkspace,
                Optional<String>>>of(w -> Optional.of(w.alias()), ConfiguredWorkspace::name,
                w -> Optional.of(w.id()))) {
            List<ConfiguredWorkspace> matching = known.stream()
                    .filter(w -> field.apply(w).map(v -> v.toLowerCase(Locale.ROOT).equals(key)).orElse(false))
                    .toList();
            if (matching.size() == 1) {
                return Optional.of(matching.get(0));
            }
            if (matching.size() > 1) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * @param allowed whether cross-workspace references may run
     * @param schemas each workspace's schema by id when known (empty: not read yet)
     * @return what the guard lets through
     */
    public CrossWorkspace crossWorkspace(boolean allowed, Function<String, WorkspaceSchema> schemas) {
        List<CrossWorkspace.Target> targets = new ArrayList<>();
        for (ConfiguredWorkspace workspace : all()) {
            targets.add(new CrossWorkspace.Target(workspace.alias(), workspace.id(),
                    workspace.name().map(Set::of).orElse(Set.of()), schemas.apply(workspace.id())));
        }
        return new CrossWorkspace(allowed, targets);
    }

    private String aliasList() {
        return String.join(", ", byAlias.values().stream().map(ConfiguredWorkspace::alias).toList());
    }

    private static Optional<String> blank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Where a flattened key's first segment ends: HOCON quotes a segment with dots or odd characters. */
    private static int aliasEnd(String key) {
        if (key.startsWith("\"")) {
            for (int i = 1; i < key.length(); i++) {
                if (key.charAt(i) == '\\') {
                    i++;
                } else if (key.charAt(i) == '"') {
                    return i + 1;
                }
            }
            return key.length();
        }
        int dot = key.indexOf('.');
        return dot < 0 ? key.length() : dot;
    }

    /** HOCON writes a key with odd characters in quotes ({@code "a b".id}); the alias is what is inside. */
    private static String unquote(String key) {
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            return key.substring(1, key.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return key;
    }

    /** An alias for a message or a log line: control and format characters escaped, at most 64 shown. */
    static String shown(String alias) {
        StringBuilder shown = new StringBuilder();
        alias.codePoints().limit(64).forEach(c -> {
            int type = Character.getType(c);
            if (c < 0x20 || c > 0x7e || type == Character.FORMAT || c == '\'' || c == '"') {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return alias.codePointCount(0, alias.length()) > 64 ? shown + "..." : shown.toString();
    }
}
