package io.secai.kql.guard;

import io.secai.kql.guard.GuardReport.Kind;
import io.secai.kql.guard.GuardReport.Refusal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What may run at all, whatever the schema: refuse by default. Management commands, client directives, names glued
 * together from strings, cross-resource references, and every {@code evaluate} plugin not on a list of read-only ones
 * are refused; {@code externaldata} only reads from URL prefixes the operator allowed.
 *
 * <p>Scalar and aggregation functions are not listed one by one: in Kusto none of them has a side effect or reaches
 * outside the data; what does (plugins, external tables, management commands) is refused here by its syntax.
 */
final class ReadOnlyPolicy {
    /** The setting that lists URL prefixes {@code externaldata} may read from. */
    static final String EXTERNAL_DATA_SETTING = "plugins.sentinel-kql.externaldata.allow-urls";

    /** Read-only analytics plugins (Kusto documentation, "evaluate plugin operator"). */
    static final Set<String> READ_ONLY_PLUGINS = Set.of("active_users_count", "activity_counts_metrics",
            "activity_engagement", "activity_metrics", "autocluster", "bag_unpack", "basket", "dcount_intersect",
            "diffpatterns", "diffpatterns_text", "funnel_sequence", "funnel_sequence_completion", "geo_line_lookup",
            "geo_polygon_lookup", "ipv4_lookup", "ipv6_lookup", "narrow", "new_activity_metrics", "pivot", "preview",
            "rolling_percentile", "rows_near", "schema_merge", "sequence_detect", "session_count",
            "sliding_window_counts");

    /** Names refused wherever they are called or referenced, with or without {@code evaluate}. */
    private static final Set<String> REFUSED_NAMES = Set.of("external_table", "external_datatable",
            "infer_storage_schema", "infer_storage_schema_with_suggestions", "execute_query", "execute_show_command",
            "csharp", "dax_request", "python", "r", "http_request", "http_request_post", "sql_request",
            "cosmosdb_sql_request", "mysql_request", "postgresql_request", "azure_digital_twins_query_request");

    private static final Set<String> CROSS_RESOURCE_FUNCTIONS =
            Set.of("cluster", "database", "workspace", "app", "resource", "adx", "arg");

    private final GuardOptions options;
    private final List<KqlToken> tokens;
    private final TokenCursor cursor;
    private final Consumer<Refusal> refuse;
    /** The allowed {@code workspace("...")} references: the index of the word {@code workspace}, and its target. */
    private final Map<Integer, CrossWorkspace.Target> workspaceReferences = new LinkedHashMap<>();

    ReadOnlyPolicy(GuardOptions options, List<KqlToken> tokens, Consumer<Refusal> refuse) {
        this.options = options;
        this.tokens = tokens;
        this.cursor = new TokenCursor(tokens);
        this.refuse = refuse;
    }




    /**
     * @param statementStarts the index of each statement's first token
     */
    void check(List<Integer> statementStarts) {
        for (int start : statementStarts) {
            if (cursor.isPunct(start, ".")) {
                KqlToken command = cursor.at(start + 1);
                refuse.accept(new Refusal(Kind.MANAGEMENT_COMMAND, "management commands are not allowed (the query"
                        + " starts with '." + (command == null ? "" : command.text()) + "'); only read-only queries"
                        + " run"));
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (token.type() == KqlToken.Type.DIRECTIVE) {
                refuse.accept(new Refusal(Kind.OBFUSCATION, "client directives such as '"
                        + shorten(token.text()) + "' are not allowed"));
                continue;
            }
            if (token.is("[") && cursor.at(i + 1) != null && cursor.at(i + 1).type() == KqlToken.Type.STRING
                    && (cursor.isPunct(i + 2, "+") || cursor.at(i + 2) != null && cursor.at(i + 2).type() == KqlToken.Type.STRING)) {
                refuse.accept(new Refusal(Kind.OBFUSCATION, "a bracketed name built from several strings is not"
                        + " allowed; write the name out as ['name']"));
                continue;
            }
            if (!cursor.isName(i) || cursor.isPunct(i - 1, ".") && !CROSS_RESOURCE_FUNCTIONS.contains(token.text())) {
                continue;
            }
            String word = token.text();
            if (token.type() == KqlToken.Type.IDENTIFIER
                    && (word.equals("externaldata") || word.equals("external_data"))) {
                checkExternalData(i, word);
            } else if (token.type() == KqlToken.Type.IDENTIFIER && word.equals("evaluate")) {
                checkPlugin(skipParameters(i + 1));
            } else if (REFUSED_NAMES.contains(word) && (cursor.isPunct(i + 1, "(") || word.startsWith("external"))) {
                refuse.accept(new Refusal(Kind.PLUGIN, "'" + word + "' runs code or reads data outside the"
                        + " workspace and is not allowed"));
            } else if (CROSS_RESOURCE_FUNCTIONS.contains(word) && cursor.isPunct(i + 1, "(")
                    && !options.allowCrossResource()) {
                if (word.equals("workspace")) {
                    checkWorkspace(i);
                } else {
                    refuse.accept(new Refusal(Kind.CROSS_RESOURCE, "'" + word + "()' refers to data outside this"
                            + " workspace, which is not allowed (no setting allows it; only workspace() references"
                            + " to workspaces configured under " + CrossWorkspace.WORKSPACES_SETTING + " can be"
                            + " allowed, with " + CrossWorkspace.ALLOW_SETTING + ")"));
                }
            }
        }
    }

    /** @return the allowed {@code workspace("...")} references by the index of their {@code workspace} token */
    Map<Integer, CrossWorkspace.Target> workspaceReferences() {
        return workspaceReferences;
    }

    /**
     * {@code workspace("...")}: allowed only with one plain string literal that names a configured workspace, and
     * only when cross-workspace queries are on. A name computed from anything else ({@code strcat}, {@code +}, a
     * {@code let} value, adjacent literals that Kusto would join) cannot be checked and is refused.
     */
    private void checkWorkspace(int at) {
        CrossWorkspace cross = options.crossWorkspace();
        KqlToken argument = cursor.at(at + 2);
        if (argument == null || argument.type() != KqlToken.Type.STRING || !cursor.isPunct(at + 3, ")")) {
            refuse.accept(new Refusal(Kind.CROSS_RESOURCE, "'workspace()' must name its workspace with one plain"
                    + " string literal, such as workspace(\"emea\"); a name built from expressions, variables or"
                    + " several strings is not allowed"));
            return;
        }
        String reference = stringValue(argument.text());
        String shown = printable(reference);
        java.util.Optional<CrossWorkspace.Target> target = cross.find(reference);
        if (!cross.allowed()) {
            refuse.accept(new Refusal(Kind.CROSS_RESOURCE, "'workspace()' refers to \"" + shown + "\", outside"
                    + " this workspace, which is not allowed: " + (target.isPresent()
                    ? "it is the configured workspace '" + target.get().alias() + "'; set "
                    + CrossWorkspace.ALLOW_SETTING + " = true to query across configured workspaces"
                    : "it is not a configured workspace (configured: " + cross.aliases() + "); configure it as "
                    + CrossWorkspace.WORKSPACES_SETTING + ".<alias> and set " + CrossWorkspace.ALLOW_SETTING
                    + " = true")));
            return;
        }
        if (target.isEmpty()) {
            refuse.accept(new Refusal(Kind.CROSS_RESOURCE, "'workspace()' refers to \"" + shown + "\", which is not"
                    + " a configured workspace (configured: " + cross.aliases() + "); only workspaces configured as "
                    + CrossWorkspace.WORKSPACES_SETTING + ".<alias> may be queried across"));
            return;
        }
        workspaceReferences.put(at, target.get());
        long distinct = workspaceReferences.values().stream().map(CrossWorkspace.Target::id).distinct().count();
        if (distinct == CrossWorkspace.MAX_RESOURCES) {
            refuse.accept(new Refusal(Kind.CROSS_RESOURCE, "the query reads more than "
                    + CrossWorkspace.MAX_RESOURCES + " workspaces, the most Log Analytics queries at once"));
        }
    }

    /** Text for a message: control and format characters (bidi overrides, zero-width joiners) written as escapes. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE || c == '"' || c == '\\') {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? shown + "..." : shown.toString();
    }

    /** Skips {@code name=value} and {@code hint.name=value} pairs; returns the index after them. */
    int skipParameters(int i) {
        while (true) {
            if (cursor.isName(i) && cursor.isPunct(i + 1, "=") && cursor.at(i + 2) != null) {
                i += 3;
            } else if (cursor.isName(i) && cursor.isPunct(i + 1, ".") && cursor.isName(i + 2) && cursor.isPunct(i + 3, "=")
                    && cursor.at(i + 4) != null) {
                i += 5;
            } else {
                return i;
            }
        }
    }

    private void checkPlugin(int plugin) {
        KqlToken name = cursor.at(plugin);
        if (name == null || !cursor.isName(plugin)) {
            refuse.accept(new Refusal(Kind.PLUGIN, "'evaluate' must name a plugin"));
            return;
        }
        if (name.type() == KqlToken.Type.QUOTED_IDENTIFIER || !READ_ONLY_PLUGINS.contains(name.text())) {
            refuse.accept(new Refusal(Kind.PLUGIN, "'evaluate " + shorten(name.text()) + "' is not on the list of"
                    + " read-only plugins (" + String.join(", ", READ_ONLY_PLUGINS.stream().sorted().toList())
                    + ") and is not allowed"));
        }
    }

    /** {@code externaldata (schema) [ 'url', ... ] with (...)}: every URL must start with an allowed prefix. */
    private void checkExternalData(int at, String word) {
        int i = at + 1;
        if (cursor.isPunct(i, "(")) {
            int level = 0;
            for (; i < tokens.size(); i++) {
                if (cursor.isPunct(i, "(")) {
                    level++;
                } else if (cursor.isPunct(i, ")") && --level == 0) {
                    break;
                }
            }
            i++;
        }
        if (cursor.at(i) != null && cursor.at(i).type() == KqlToken.Type.QUOTED_IDENTIFIER) {
            // ['url'] reads like a bracketed name; here it is a list of one URL.
            if (!allowed(cursor.at(i).text())) {
                refuse.accept(externalDataRefusal(word, "'" + shorten(cursor.at(i).text()) + "' is not under an allowed"
                        + " prefix"));
            }
            return;
        }
        if (!cursor.isPunct(i, "[")) {
            refuse.accept(externalDataRefusal(word, "its URLs cannot be read"));
            return;
        }
        boolean anyUrl = false;
        for (i++; i < tokens.size() && !cursor.isPunct(i, "]"); i++) {
            KqlToken token = tokens.get(i);
            if (token.is(",")) {
                continue;
            }
            if (token.type() != KqlToken.Type.STRING) {
                refuse.accept(externalDataRefusal(word, "its URLs must be plain string literals"));
                return;
            }
            String url = stringValue(token.text());
            anyUrl = true;
            if (!allowed(url)) {
                refuse.accept(externalDataRefusal(word, "'" + shorten(url) + "' is not under an allowed prefix"));
                return;
            }
        }
        if (!anyUrl) {
            refuse.accept(externalDataRefusal(word, "it names no URL"));
        }
    }

    private Refusal externalDataRefusal(String word, String why) {
        String configured = options.externalDataUrls().isEmpty() ? "none are allowed now"
                : "allowed now: " + String.join(", ", options.externalDataUrls());
        return new Refusal(Kind.EXTERNAL_DATA, "'" + word + "' reads data from outside the workspace (" + why
                + "); list trusted URL prefixes in the setting " + EXTERNAL_DATA_SETTING + " (" + configured + ")");
    }

    /** A URL is allowed when it starts with a prefix at a boundary and cannot climb out of it. */
    boolean allowed(String url) {
        if (url.contains("\\") || url.contains("..") || url.toLowerCase(Locale.ROOT).contains("%2e")
                || url.chars().anyMatch(c -> c <= ' ')) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url.contains(";") ? url.substring(0, url.indexOf(';')) : url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return false;
        }
        for (String prefix : options.externalDataUrls()) {
            if (prefix.isBlank() || !url.startsWith(prefix)) {
                continue;
            }
            // The prefix must end at a boundary: "https://feeds.example" must not admit "https://feeds.example.evil".
            if (prefix.endsWith("/") || url.length() == prefix.length()
                    || "/?#;".indexOf(url.charAt(prefix.length())) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** @return the value of a string literal in any of KQL's quotings */
    static String stringValue(String literal) {
        String text = literal;
        if (text.startsWith("h") || text.startsWith("H")) {
            text = text.substring(1);
        }
        if (text.startsWith("```") || text.startsWith("~~~")) {
            return text.substring(3, text.length() - 3);
        }
        if (text.startsWith("@")) {
            String quote = text.substring(1, 2);
            return text.substring(2, text.length() - 1).replace(quote + quote, quote);
        }
        return KqlLexer.unescape(text.substring(1, text.length() - 1));
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
