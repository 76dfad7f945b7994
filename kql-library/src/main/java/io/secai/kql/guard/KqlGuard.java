package io.secai.kql.guard;

import io.secai.kql.guard.GuardReport.Kind;
import io.secai.kql.guard.GuardReport.Refusal;
import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a KQL query before it runs: it must stay read-only and inside the workspace, name only tables and columns
 * the schema has, and bound its rows.
 *
 * <p>The guard works on tokens ({@link KqlLexer}), not on raw text. It knows which names a query defines itself
 * ({@code let}, {@code extend x = ...}, {@code summarize n = count() by ...}, {@code parse ... with}, function
 * parameters, {@code as}), so that those are never reported as unknown columns; names produced by
 * {@code evaluate bag_unpack} and similar plugins cannot be known and are not checked.
 *
 * <p>A guard is immutable and may be shared between threads.
 */
public final class KqlGuard {
    /** Deeper nesting than this is refused: no real query needs it, and it bounds the work per token. */
    static final int MAX_NESTING = 64;
    /** Enough unknown names to act on; listing thousands would only cost time. */
    private static final int MAX_REFUSALS = 20;
    private static final Set<String> STATEMENT_KEYWORDS =
            Set.of("let", "set", "declare", "alias", "pattern", "restrict");

    private final WorkspaceSchema schema;
    private final GuardOptions options;
    private final Map<String, Set<String>> columnsByTable = new HashMap<>();
    private final Set<String> allColumns = new HashSet<>();
    private final Map<String, String> tablesByLowerName = new HashMap<>();

    /**
     * @param schema the workspace's tables and columns; an empty schema (no workspace configured) switches the name
     *     checks off, so callers reading a schema file must refuse an empty one themselves
     * @param options the row caps, the length cap and what is allowed
     */
    public KqlGuard(WorkspaceSchema schema, GuardOptions options) {
        this.schema = schema;
        this.options = options;
        for (TableInfo table : schema.tables().values()) {
            Set<String> names = new HashSet<>();
            for (ColumnInfo column : table.columns()) {
                names.add(column.name());
            }
            columnsByTable.put(table.name(), names);
            allColumns.addAll(names);
            tablesByLowerName.put(table.name().toLowerCase(Locale.ROOT), table.name());
        }
    }

    /**
     * Checks one query.
     *
     * @param query the KQL text
     * @return the tables and columns it names, the reasons it must not run, lint notes, and the query to run
     */
    public GuardReport check(String query) {
        if (query == null || query.isBlank()) {
            return refused(Kind.UNREADABLE, "the query is empty", "");
        }
        if (query.length() > options.maxQueryChars()) {
            return refused(Kind.UNREADABLE, "the query is " + query.length() + " characters long, more than the "
                    + options.maxQueryChars() + " the guard reads (setting plugins.sentinel-kql.max-query-chars);"
                    + " split it into smaller queries or raise the setting", query);
        }
        List<KqlToken> tokens;
        try {
            tokens = KqlLexer.tokenize(query);
        } catch (KqlSyntaxException e) {
            return refused(Kind.UNREADABLE, "the query cannot be read: " + e.getMessage(), query);
        }
        if (tokens.isEmpty()) {
            return refused(Kind.UNREADABLE, "the query holds only comments", query);
        }
        TokenLayout layout = new TokenLayout(tokens);
        if (layout.maxDepth > MAX_NESTING) {
            return refused(Kind.UNREADABLE, "the query nests brackets " + layout.maxDepth + " deep, more than the "
                    + MAX_NESTING + " the guard reads; simplify it", query);
        }
        Analysis analysis = new Analysis(layout);
        analysis.run();
        String guarded = query;
        int appliedCap = 0;
        List<String> notes = new ArrayList<>();
        if (analysis.refusals.isEmpty() && options.rowCap() > 0) {
            RowCap.Bound bound = new RowCap(layout, options.maxRows()).bound();
            int cap = bound.bounded() ? options.maxRows() : options.rowCap();
            if (bound.insertAt() >= 0) {
                String take = "\n| take " + cap;
                guarded = query.substring(0, bound.insertAt()) + take + (bound.beforeRender() ? "\n" : "")
                        + query.substring(bound.insertAt());
                guarded = analysis.withWorkspaceIds(guarded, bound.insertAt(), take.length()
                        + (bound.beforeRender() ? 1 : 0));
                appliedCap = cap;
                if (bound.bounded()) {
                    notes.add("the query asks for " + bound.asked() + " rows; the guard caps it at " + cap
                            + " (setting plugins.sentinel-kql.max-rows)");
                }
            }
        }
        if (guarded.equals(query) && analysis.refusals.isEmpty()) {
            guarded = analysis.withWorkspaceIds(query, query.length(), 0);
        }
        if (analysis.refusals.isEmpty() && !analysis.workspaceReferences.isEmpty()) {
            notes.add("the query reads the workspaces " + String.join(", ", analysis.workspaceReferences.values()
                    .stream().map(target -> target.alias() + " (" + target.id() + ")").distinct().toList())
                    + "; their ids stand in the query as Log Analytics resolves them");
        }
        List<LintNote> lint = analysis.refusals.isEmpty() ? new KqlLint(tokens).notes() : List.of();
        return new GuardReport(new ArrayList<>(analysis.tables), new ArrayList<>(analysis.columns),
                new ArrayList<>(analysis.refusals), guarded, appliedCap, notes, lint);
    }

    /**
     * Reads a query's shape without a schema: its tabular sources, operators and calls.
     *
     * @param query the KQL text
     * @return the shape
     * @throws KqlSyntaxException when the query cannot be read
     */
    public static QueryShape shape(String query) {
        return new ShapeReader(KqlLexer.tokenize(query)).read();
    }

    private static GuardReport refused(Kind kind, String message, String query) {
        return new GuardReport(List.of(), List.of(), List.of(new Refusal(kind, message)), query, 0, List.of(),
                List.of());
    }

    /** The state of checking one query. */
    private final class Analysis {
        private final TokenLayout layout;
        private final List<KqlToken> tokens;
        private final TokenCursor cursor;
        private final int[] depth;
        private final boolean[] classified;
        private final Set<Refusal> refusals = new LinkedHashSet<>();
        private final Set<String> tables = new LinkedHashSet<>();
        private final Set<String> columns = new LinkedHashSet<>();
        /** The names the query defines itself; set before the name checks. */
        private DefinedNames defined;
        private boolean anyTableColumns;
        /** Allowed {@code workspace("...")} references by the index of their {@code workspace} token. */
        private Map<Integer, CrossWorkspace.Target> workspaceReferences = Map.of();
        /** Columns of tables read from other workspaces. */
        private final Set<String> remoteColumns = new HashSet<>();
        /** Tables read from other workspaces, as {@code alias.Table}, for messages. */
        private final Set<String> remoteTables = new LinkedHashSet<>();
        private int uncheckedFrom = Integer.MAX_VALUE;

        Analysis(TokenLayout layout) {
            this.layout = layout;
            this.tokens = layout.tokens;
            this.cursor = layout.cursor;
            this.depth = layout.depth;
            this.classified = new boolean[tokens.size()];
        }

        void run() {
            ReadOnlyPolicy policy = new ReadOnlyPolicy(options, tokens, refusals::add);
            policy.check(layout.statementStarts);
            workspaceReferences = policy.workspaceReferences();
            if (!refusals.isEmpty()) {
                return;
            }
            markUncheckedPlugins();
            defined = new DefinedNames(layout, classified);
            if (schema.isEmpty()) {
                return;
            }
            collectTables();
            if (options.checkColumns()) {
                checkColumns();
            }
        }

        /**
         * The query with each allowed {@code workspace("...")} argument replaced by the workspace's id.
         *
         * @param text the query, possibly with text inserted
         * @param insertedAt where text was inserted into the original query
         * @param inserted how many characters were inserted there
         */
        String withWorkspaceIds(String text, int insertedAt, int inserted) {
            StringBuilder out = new StringBuilder(text);
            List<Integer> at = new ArrayList<>(workspaceReferences.keySet());
            at.sort(java.util.Comparator.reverseOrder());
            for (int i : at) {
                KqlToken argument = tokens.get(i + 2);
                int shift = argument.offset() >= insertedAt ? inserted : 0;
                out.replace(argument.offset() + shift, argument.end() + shift,
                        "\"" + workspaceReferences.get(i).id() + "\"");
            }
            return out.toString();
        }

        /** {@code workspace("x").Table}: the table must be in that workspace's schema, when it is known. */
        private void resolveRemoteTable(int at, CrossWorkspace.Target target) {
            int name = at + 5;
            if (!cursor.isPunct(at + 4, ".") || !cursor.isName(name)) {
                return;
            }
            classified[name] = true;
            String table = cursor.at(name).text();
            if (target.schema().isEmpty() || cursor.isPunct(name + 1, "*")) {
                // Its columns cannot be checked here (its schema is not known): the service checks them.
                uncheckedFrom = 0;
                return;
            }
            java.util.Optional<TableInfo> info = target.schema().table(table);
            if (info.isEmpty()) {
                refusals.add(new Refusal(Kind.UNKNOWN_TABLE, "unknown table '" + table + "' in the workspace '"
                        + target.alias() + "'"));
                return;
            }
            info.get().columns().forEach(column -> remoteColumns.add(column.name()));
            remoteTables.add(target.alias() + "." + table);
        }

        private boolean afterDot(int i) {
            return cursor.isPunct(i - 1, ".");
        }

        /** Columns made by plugins such as {@code bag_unpack} cannot be known: stop checking names there. */
        private void markUncheckedPlugins() {
            for (int i = 0; i < tokens.size() && uncheckedFrom == Integer.MAX_VALUE; i++) {
                if (cursor.isWord(i, "evaluate") && !afterDot(i)) {
                    uncheckedFrom = i;
                }
            }
        }

        private void collectTables() {
            Set<Integer> sources = new LinkedHashSet<>();
            for (int start : layout.statementStarts) {
                KqlToken first = cursor.at(start);
                if (first.type() == KqlToken.Type.IDENTIFIER && !STATEMENT_KEYWORDS.contains(first.text())) {
                    sources.add(start);
                }
            }
            for (int i = 0; i < tokens.size(); i++) {
                KqlToken token = tokens.get(i);
                if (token.isWord("let") && cursor.isName(i + 1) && cursor.isPunct(i + 2, "=")) {
                    addExpressionStart(sources, i + 3);
                } else if ((token.isWord("join") || token.isWord("lookup")) && !afterDot(i)) {
                    addExpressionStart(sources, layout.afterParameters(i + 1));
                } else if (token.isWord("union") && !afterDot(i)) {
                    addUnionSources(sources, i);
                } else if ((token.isWord("in") || token.isWord("in~")) && !afterDot(i)) {
                    int open = i + 1;
                    if (cursor.isPunct(open, "(") && cursor.isName(open + 1) && (cursor.isPunct(open + 2, "|") || cursor.isPunct(open + 2, ")"))) {
                        sources.add(open + 1);
                    }
                } else if ((token.isWord("materialize") || token.isWord("toscalar")) && cursor.isPunct(i + 1, "(")) {
                    sources.add(i + 2);
                } else if (token.is("{") && cursor.isName(i + 1)) {
                    sources.add(i + 1);
                } else if ((token.isWord("find") || token.isWord("search")) && !afterDot(i)) {
                    anyTableColumns = true;
                }
            }
            for (int source : sources) {
                resolveSource(source);
            }
            for (int i = 0; i < tokens.size(); i++) {
                KqlToken token = tokens.get(i);
                if (!classified[i] && token.type() == KqlToken.Type.IDENTIFIER && !afterDot(i)
                        && columnsByTable.containsKey(token.text()) && !allColumns.contains(token.text())) {
                    tables.add(token.text());
                    classified[i] = true;
                }
            }
        }

        private void addExpressionStart(Set<Integer> sources, int i) {
            if (cursor.isPunct(i, "(")) {
                if (cursor.isName(i + 1) && !cursor.isPunct(i + 2, ":")) {
                    sources.add(i + 1);
                }
            } else if (cursor.isName(i)) {
                sources.add(i);
            }
        }

        private void addUnionSources(Set<Integer> sources, int unionAt) {
            int level = depth[unionAt];
            int i = layout.afterParameters(unionAt + 1);
            boolean expectItem = true;
            for (; i < tokens.size(); i++) {
                if (layout.endsOperator(i, level)) {
                    return;
                }
                if (depth[i] != level) {
                    continue;
                }
                if (cursor.isPunct(i, ",")) {
                    expectItem = true;
                } else if (expectItem) {
                    addExpressionStart(sources, i);
                    expectItem = false;
                }
            }
        }

        private void resolveSource(int i) {
            KqlToken token = cursor.at(i);
            if (token == null || !cursor.isName(i) || classified[i] && !defined.isLet(token.text())) {
                return;
            }
            String name = token.text();
            if (workspaceReferences.containsKey(i)) {
                resolveRemoteTable(i, workspaceReferences.get(i));
                return;
            }
            if (defined.contains(name)) {
                classified[i] = true;
                return;
            }
            if (cursor.isPunct(i + 1, "(") || KqlVocabulary.TABULAR_OPERATORS.contains(name)
                    || KqlVocabulary.KEYWORDS.contains(name)) {
                return;
            }
            classified[i] = true;
            if (cursor.isPunct(i + 1, "*")) {
                List<String> matching = schema.tableNames().stream().filter(t -> t.startsWith(name)).toList();
                if (matching.isEmpty()) {
                    refusals.add(new Refusal(Kind.UNKNOWN_TABLE, "no table matches '" + name + "*'"));
                }
                tables.addAll(matching);
                return;
            }
            if (columnsByTable.containsKey(name)) {
                tables.add(name);
                return;
            }
            String sameIgnoringCase = tablesByLowerName.get(name.toLowerCase(Locale.ROOT));
            refusals.add(new Refusal(Kind.UNKNOWN_TABLE, "unknown table '" + name + "'"
                    + (sameIgnoringCase == null ? "" : " (names are case-sensitive: did you mean '"
                    + sameIgnoringCase + "'?)")));
        }

        private void checkColumns() {
            Set<String> allowed = new HashSet<>();
            if (tables.isEmpty() || anyTableColumns) {
                allowed.addAll(allColumns);
            }
            for (String table : tables) {
                allowed.addAll(columnsByTable.getOrDefault(table, Set.of()));
            }
            allowed.addAll(remoteColumns);
            Set<Integer> renderRange = renderArguments();
            renderRange.addAll(dynamicLiterals());
            boolean joins = tokens.stream().anyMatch(t -> t.isWord("join") || t.isWord("lookup"));
            boolean expands = tokens.stream().anyMatch(t -> t.isWord("mv-expand") || t.isWord("mv-apply"));
            for (int i = 0; i < tokens.size(); i++) {
                KqlToken token = tokens.get(i);
                if (classified[i] || !cursor.isName(i) || afterDot(i) || i >= uncheckedFrom || renderRange.contains(i)) {
                    continue;
                }
                String name = token.text();
                if (token.type() == KqlToken.Type.QUOTED_IDENTIFIER) {
                    KqlToken previous = cursor.at(i - 1);
                    if (previous != null && (cursor.isName(i - 1) || previous.is(")") || previous.is("]"))) {
                        continue;
                    }
                } else if (name.startsWith("$") || cursor.isPunct(i + 1, "(") || isKeyword(name)) {
                    continue;
                }
                if (defined.contains(name) || columnsByTable.containsKey(name)
                        || GeneratedNames.isGenerated(name)) {
                    continue;
                }
                if (allowed.contains(name)) {
                    columns.add(name);
                } else if (joins && allowed.contains(GeneratedNames.withoutTrailingDigits(name))
                        || expands && GeneratedNames.isExpanded(name, allowed)) {
                    continue;
                } else if (refusals.size() < MAX_REFUSALS) {
                    refusals.add(new Refusal(Kind.UNKNOWN_COLUMN, unknownColumn(name)));
                }
            }
        }

        /** The inside of {@code dynamic(...)} is a JSON-like literal, not names. */
        private Set<Integer> dynamicLiterals() {
            Set<Integer> inside = new HashSet<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (cursor.isWord(i, "dynamic") && cursor.isPunct(i + 1, "(") && !inside.contains(i)) {
                    int level = depth[i + 1];
                    for (int j = i + 2; j < tokens.size() && depth[j] > level; j++) {
                        inside.add(j);
                    }
                }
            }
            return inside;
        }

        /** KQL keywords are lower case and case-sensitive: {@code Title} is a column, {@code title} is not. */
        private boolean isKeyword(String name) {
            return KqlVocabulary.KEYWORDS.contains(name) || KqlVocabulary.TABULAR_OPERATORS.contains(name);
        }

        private String unknownColumn(String name) {
            List<String> read = new ArrayList<>(tables);
            read.addAll(remoteTables);
            String where = read.isEmpty() ? "the schema" : String.join(", ", read);
            String suggestion = null;
            for (String column : remoteColumns) {
                if (column.equalsIgnoreCase(name)) {
                    suggestion = column;
                }
            }
            for (String table : tables) {
                for (String column : columnsByTable.getOrDefault(table, Set.of())) {
                    if (column.equalsIgnoreCase(name)) {
                        suggestion = column;
                    }
                }
            }
            return "unknown column '" + name + "' (not in " + where + ")"
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?");
        }

        private Set<Integer> renderArguments() {
            Set<Integer> inRender = new HashSet<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (cursor.isWord(i, "render") && cursor.isPunct(i - 1, "|")) {
                    int level = depth[i];
                    for (int j = i + 1; j < tokens.size(); j++) {
                        if (layout.endsOperator(j, level)) {
                            break;
                        }
                        inRender.add(j);
                    }
                }
            }
            return inRender;
        }
    }
}
