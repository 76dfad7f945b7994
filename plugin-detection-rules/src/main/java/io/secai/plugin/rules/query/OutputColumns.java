package io.secai.plugin.rules.query;

import io.secai.kql.guard.KqlToken;
import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a query returns, worked out from the KQL library's tokens: the source table's columns from the
 * schema, then each pipe operator in turn ({@code project}, {@code extend}, {@code summarize}, {@code parse},
 * {@code project-away}, ...). When any step's output cannot be known (a table the schema does not list, a
 * {@code join}, {@code evaluate}, an unnamed expression), the answer is "unknown" rather than a guess, so that no
 * mapping is refused on a guess.
 *
 * <p>Linear in the number of tokens; {@code let} chains are followed at most {@value #MAX_LET_DEPTH} deep.
 */
final class OutputColumns {
    static final int MAX_LET_DEPTH = 8;
    private static final Map<String, String> AGGREGATE_PREFIX = Map.ofEntries(
            Map.entry("count", "count_"), Map.entry("countif", "countif_"), Map.entry("dcount", "dcount_"),
            Map.entry("dcountif", "dcountif_"), Map.entry("make_set", "set_"), Map.entry("make_list", "list_"),
            Map.entry("make_set_if", "set_"), Map.entry("make_list_if", "list_"), Map.entry("min", "min_"),
            Map.entry("max", "max_"), Map.entry("sum", "sum_"), Map.entry("avg", "avg_"),
            Map.entry("take_any", "any_"), Map.entry("any", "any_"), Map.entry("make_bag", "bag_"));
    private static final Set<String> SAME_COLUMNS = Set.of("where", "filter", "take", "limit", "sort", "order",
            "top", "sample", "render", "as", "serialize", "mv-expand", "mv-apply", "search");

    private final WorkspaceSchema schema;
    private final Map<String, List<KqlToken>> lets = new HashMap<>();

    private OutputColumns(WorkspaceSchema schema) {
        this.schema = schema;
    }

    /**
     * @param tokens the query's tokens
     * @param schema the workspace's tables and columns, possibly empty
     * @return the columns the query returns; empty when they cannot be known
     */
    static Optional<Set<String>> of(List<KqlToken> tokens, WorkspaceSchema schema) {
        OutputColumns columns = new OutputColumns(schema);
        List<List<KqlToken>> statements = split(tokens, ";");
        List<KqlToken> last = List.of();
        for (List<KqlToken> statement : statements) {
            if (statement.isEmpty()) {
                continue;
            }
            if (statement.get(0).isWord("let") && statement.size() > 3 && statement.get(2).is("=")) {
                columns.lets.put(statement.get(1).text(), statement.subList(3, statement.size()));
            } else if (!statement.get(0).isWord("set")) {
                last = statement;
            }
        }
        return last.isEmpty() ? Optional.empty() : columns.tabular(last, 0);
    }

    private Optional<Set<String>> tabular(List<KqlToken> expression, int depth) {
        if (depth > MAX_LET_DEPTH) {
            return Optional.empty();
        }
        List<List<KqlToken>> steps = split(expression, "|");
        Optional<Set<String>> columns = source(steps.get(0), depth);
        for (int i = 1; i < steps.size(); i++) {
            columns = step(steps.get(i), columns);
        }
        return columns;
    }

    private Optional<Set<String>> source(List<KqlToken> tokens, int depth) {
        if (tokens.size() == 1 && isName(tokens.get(0))) {
            String name = tokens.get(0).text();
            List<KqlToken> let = lets.get(name);
            if (let != null) {
                return tabular(let, depth + 1);
            }
            return schema.table(name).map(OutputColumns::names);
        }
        if (!tokens.isEmpty() && tokens.get(0).is("(")) {
            int close = closing(tokens, 0);
            if (close == tokens.size() - 1) {
                return tabular(tokens.subList(1, close), depth + 1);
            }
        }
        return Optional.empty();
    }

    private static Set<String> names(TableInfo table) {
        Set<String> names = new LinkedHashSet<>();
        for (ColumnInfo column : table.columns()) {
            names.add(column.name());
        }
        return names;
    }

    private Optional<Set<String>> step(List<KqlToken> tokens, Optional<Set<String>> input) {
        if (tokens.isEmpty() || tokens.get(0).type() != KqlToken.Type.IDENTIFIER) {
            return Optional.empty();
        }
        String operator = tokens.get(0).text();
        List<KqlToken> rest = tokens.subList(1, tokens.size());
        return switch (operator) {
            case "project" -> project(rest);
            case "extend" -> input.flatMap(columns -> extend(columns, rest));
            case "summarize" -> summarize(rest, input);
            case "distinct" -> rest.size() == 1 && rest.get(0).is("*") ? input : project(rest);
            case "count" -> Optional.of(Set.of("Count"));
            case "project-away" -> input.flatMap(columns -> away(columns, rest, false));
            case "project-keep" -> input.flatMap(columns -> away(columns, rest, true));
            case "project-rename" -> input.flatMap(columns -> rename(columns, rest));
            case "project-reorder" -> input;
            case "parse", "parse-where" -> input.map(columns -> parse(columns, rest));
            default -> SAME_COLUMNS.contains(operator) && !assigns(operator, rest) ? input : Optional.empty();
        };
    }

    /** {@code mv-expand x = ...} and {@code serialize n = ...} add a column: not followed. */
    private static boolean assigns(String operator, List<KqlToken> rest) {
        return (operator.equals("mv-expand") || operator.equals("serialize") || operator.equals("mv-apply"))
                && rest.size() > 1 && rest.get(1).is("=");
    }

    private static Optional<Set<String>> project(List<KqlToken> rest) {
        Set<String> out = new LinkedHashSet<>();
        for (List<KqlToken> item : split(rest, ",")) {
            Optional<String> name = itemName(item);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            out.add(name.get());
        }
        return Optional.of(out);
    }

    private static Optional<Set<String>> extend(Set<String> input, List<KqlToken> rest) {
        Set<String> out = new LinkedHashSet<>(input);
        for (List<KqlToken> item : split(rest, ",")) {
            if (item.size() > 2 && isName(item.get(0)) && item.get(1).is("=")) {
                out.add(item.get(0).text());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static Optional<Set<String>> summarize(List<KqlToken> rest, Optional<Set<String>> input) {
        int by = -1;
        int depth = 0;
        for (int i = 0; i < rest.size(); i++) {
            KqlToken token = rest.get(i);
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
            if (depth == 0 && token.isWord("by")) {
                by = i;
                break;
            }
        }
        List<KqlToken> aggregates = by < 0 ? rest : rest.subList(0, by);
        Set<String> out = new LinkedHashSet<>();
        if (by >= 0) {
            for (List<KqlToken> item : split(rest.subList(by + 1, rest.size()), ",")) {
                Optional<String> name = itemName(item).or(() -> binnedColumn(item));
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                out.add(name.get());
            }
        }
        for (List<KqlToken> item : split(aggregates, ",")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.size() > 2 && isName(item.get(0)) && item.get(1).is("=")) {
                out.add(item.get(0).text());
                continue;
            }
            String function = item.get(0).text();
            if ((function.equals("arg_max") || function.equals("arg_min")) && item.size() > 1) {
                Optional<Set<String>> picked = argExtreme(item, input);
                if (picked.isEmpty()) {
                    return Optional.empty();
                }
                out.addAll(picked.get());
                continue;
            }
            String prefix = AGGREGATE_PREFIX.get(function);
            if (prefix == null || item.size() < 3 || !item.get(1).is("(")) {
                return Optional.empty();
            }
            if (prefix.endsWith("_") && item.size() > 3 && isName(item.get(2)) && !function.endsWith("if")
                    && !function.equals("count")) {
                out.add(prefix + item.get(2).text());
            } else if (function.equals("count") || function.equals("countif")) {
                out.add(prefix);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** {@code arg_max(TimeGenerated, *)} returns every input column; {@code arg_max(T, A, B)} returns T, A, B. */
    private static Optional<Set<String>> argExtreme(List<KqlToken> item, Optional<Set<String>> input) {
        int close = closing(item, 1);
        if (close < 0) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        for (List<KqlToken> argument : split(item.subList(2, close), ",")) {
            if (argument.size() == 1 && argument.get(0).is("*")) {
                if (input.isEmpty()) {
                    return Optional.empty();
                }
                out.addAll(input.get());
            } else {
                Optional<String> name = itemName(argument);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                out.add(name.get());
            }
        }
        return Optional.of(out);
    }

    /** {@code bin(TimeGenerated, 1h)} in a {@code by} clause keeps the column's name. */
    private static Optional<String> binnedColumn(List<KqlToken> item) {
        if (item.size() > 3 && (item.get(0).isWord("bin") || item.get(0).isWord("floor")) && item.get(1).is("(")
                && isName(item.get(2)) && item.get(3).is(",")) {
            return Optional.of(item.get(2).text());
        }
        return Optional.empty();
    }

    private static Optional<Set<String>> away(Set<String> input, List<KqlToken> rest, boolean keep) {
        Set<String> named = new LinkedHashSet<>();
        for (List<KqlToken> item : split(rest, ",")) {
            if (item.size() != 1 || !isName(item.get(0))) {
                return Optional.empty();
            }
            named.add(item.get(0).text());
        }
        Set<String> out = new LinkedHashSet<>(input);
        if (keep) {
            out.retainAll(named);
        } else {
            out.removeAll(named);
        }
        return Optional.of(out);
    }

    private static Optional<Set<String>> rename(Set<String> input, List<KqlToken> rest) {
        List<String> order = new ArrayList<>(input);
        for (List<KqlToken> item : split(rest, ",")) {
            if (item.size() != 3 || !isName(item.get(0)) || !item.get(1).is("=") || !isName(item.get(2))) {
                return Optional.empty();
            }
            int at = order.indexOf(item.get(2).text());
            if (at < 0) {
                return Optional.empty();
            }
            order.set(at, item.get(0).text());
        }
        return Optional.of(new LinkedHashSet<>(order));
    }

    /** {@code parse Col with * "x" Name:string "y" Other} adds Name and Other. */
    private static Set<String> parse(Set<String> input, List<KqlToken> rest) {
        Set<String> out = new LinkedHashSet<>(input);
        boolean pattern = false;
        for (int i = 0; i < rest.size(); i++) {
            KqlToken token = rest.get(i);
            if (token.isWord("with")) {
                pattern = true;
            } else if (pattern && isName(token) && !(i > 0 && rest.get(i - 1).is(":"))) {
                out.add(token.text());
            }
        }
        return out;
    }

    /** The name of a projected item: {@code Name = expr}, or a bare column. */
    private static Optional<String> itemName(List<KqlToken> item) {
        if (item.size() == 1 && isName(item.get(0))) {
            return Optional.of(item.get(0).text());
        }
        if (item.size() > 2 && isName(item.get(0)) && item.get(1).is("=")) {
            return Optional.of(item.get(0).text());
        }
        return Optional.empty();
    }

    private static boolean isName(KqlToken token) {
        return token.type() == KqlToken.Type.IDENTIFIER || token.type() == KqlToken.Type.QUOTED_IDENTIFIER;
    }

    private static boolean opens(KqlToken token) {
        return token.is("(") || token.is("[") || token.is("{");
    }

    private static boolean closes(KqlToken token) {
        return token.is(")") || token.is("]") || token.is("}");
    }

    private static int closing(List<KqlToken> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            depth += opens(tokens.get(i)) ? 1 : closes(tokens.get(i)) ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at a punctuation outside brackets. */
    private static List<List<KqlToken>> split(List<KqlToken> tokens, String separator) {
        List<List<KqlToken>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (opens(token)) {
                depth++;
            } else if (closes(token)) {
                depth--;
            } else if (depth == 0 && token.is(separator)) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        parts.add(tokens.subList(start, tokens.size()));
        return parts;
    }
}
