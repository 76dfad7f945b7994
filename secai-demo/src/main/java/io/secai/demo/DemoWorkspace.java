package io.secai.demo;

import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Answers the demo's data queries from the demo tables, so that what the Sentinel plugin shows are rows the query
 * really selects: it reads the handful of KQL operators the demo's recorded queries use (a time filter with
 * {@code ago}, {@code ==} and {@code in}/{@code in~} filters, {@code summarize arg_max(...) by}, {@code project},
 * {@code order by}) and leaves everything else (table lists, {@code getschema}, {@code take}) to the fake's own
 * answers. It is not a KQL engine; a query it cannot read gets the whole table, as the fake does.
 */
final class DemoWorkspace {

    /** The demo's own queries are under 1 KB; anything far longer is not one of them and is left to the fake. */
    static final int MAX_QUERY = 8_000;

    private static final Pattern FIRST_TABLE = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*\\n?\\s*\\|");
    private static final Pattern AGO = Pattern.compile("TimeGenerated\\s*>\\s*ago\\((\\d{1,6})([dhm])\\)");
    private static final Pattern EQUALS = Pattern.compile("\\|\\s*where\\s+(\\w+)\\s*==\\s*(\"[^\"]*\"|\\d+)");
    private static final Pattern IN = Pattern.compile("\\|\\s*where\\s+(\\w+)\\s+in(~?)\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ARG_MAX = Pattern.compile(
            "\\|\\s*summarize\\s+arg_max\\(\\s*TimeGenerated\\s*,\\s*\\*\\s*\\)\\s+by\\s+(\\w+)");
    private static final Pattern PROJECT = Pattern.compile("\\|\\s*project\\s+([\\w\\s,]+?)\\s*(?:\\||$)");
    private static final Pattern ORDER = Pattern.compile("\\|\\s*(?:order|sort)\\s+by\\s+(\\w+)\\s*(asc|desc)?");

    private final FakeWorkspace workspace;
    private final Instant now;

    DemoWorkspace(FakeWorkspace workspace, Instant now) {
        this.workspace = workspace;
        this.now = now;
    }

    /** @return whether the query filters or shapes a demo table (and so is one this class answers) */
    boolean reads(String query) {
        if (query.length() > MAX_QUERY) {
            return false;
        }
        Matcher table = FIRST_TABLE.matcher(query);
        return table.find() && workspace.table(table.group(1)).isPresent() && !query.contains("getschema")
                && query.matches("(?s).*\\|\\s*(where|project|summarize|order|sort)\\b.*");
    }

    FakeLogAnalytics.Reply answer(String query) {
        if (query.length() > MAX_QUERY) {
            throw new IllegalArgumentException("not a demo query: " + query.length() + " characters");
        }
        Matcher first = FIRST_TABLE.matcher(query);
        if (!first.find()) {
            throw new IllegalArgumentException("no table");
        }
        FakeWorkspace.Table table = workspace.table(first.group(1)).orElseThrow();
        List<FakeWorkspace.Column> columns = table.columns();
        List<String> names = columns.stream().map(FakeWorkspace.Column::name).toList();
        List<List<Object>> rows = new ArrayList<>(table.rows());

        Matcher ago = AGO.matcher(query);
        if (ago.find() && names.contains("TimeGenerated")) {
            long amount = Long.parseLong(ago.group(1));
            Duration window = switch (ago.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            Instant since = now.minus(window);
            int index = names.indexOf("TimeGenerated");
            rows.removeIf(row -> Instant.parse(row.get(index).toString()).isBefore(since));
        }
        Matcher equals = EQUALS.matcher(query);
        while (equals.find()) {
            int index = names.indexOf(equals.group(1));
            String wanted = equals.group(2).replace("\"", "");
            if (index >= 0) {
                rows.removeIf(row -> !row.get(index).toString().equals(wanted));
            }
        }
        Matcher in = IN.matcher(query);
        while (in.find()) {
            int index = names.indexOf(in.group(1));
            boolean ignoreCase = !in.group(2).isEmpty();
            Set<String> wanted = QUOTED.matcher(in.group(3)).results().map(m -> m.group(1))
                    .map(value -> ignoreCase ? value.toLowerCase(Locale.ROOT) : value).collect(Collectors.toSet());
            if (index >= 0) {
                rows.removeIf(row -> !wanted.contains(ignoreCase
                        ? row.get(index).toString().toLowerCase(Locale.ROOT) : row.get(index).toString()));
            }
        }
        Matcher argMax = ARG_MAX.matcher(query);
        if (argMax.find() && names.contains(argMax.group(1))) {
            int key = names.indexOf(argMax.group(1));
            int time = names.indexOf("TimeGenerated");
            Map<String, List<Object>> latest = new LinkedHashMap<>();
            for (List<Object> row : rows) {
                latest.merge(row.get(key).toString(), row, (a, b) ->
                        Instant.parse(a.get(time).toString()).isAfter(Instant.parse(b.get(time).toString())) ? a : b);
            }
            rows = new ArrayList<>(latest.values());
        }
        Matcher order = ORDER.matcher(query);
        if (order.find() && names.contains(order.group(1))) {
            int index = names.indexOf(order.group(1));
            Comparator<List<Object>> byColumn = Comparator.comparing(row -> row.get(index).toString());
            rows.sort("asc".equals(order.group(2)) ? byColumn : byColumn.reversed());
        }
        Matcher project = PROJECT.matcher(query);
        if (project.find()) {
            List<Integer> kept = new ArrayList<>();
            List<FakeWorkspace.Column> projected = new ArrayList<>();
            for (String name : project.group(1).split(",")) {
                int index = names.indexOf(name.strip());
                if (index >= 0) {
                    kept.add(index);
                    projected.add(columns.get(index));
                }
            }
            List<List<Object>> narrowed = new ArrayList<>();
            for (List<Object> row : rows) {
                narrowed.add(kept.stream().map(row::get).toList());
            }
            return FakeLogAnalytics.Reply.table(projected, narrowed);
        }
        return FakeLogAnalytics.Reply.table(columns, rows);
    }

    /** @return the first table a query names, when it is one of the demo's */
    Optional<String> table(String query) {
        Matcher first = FIRST_TABLE.matcher(query);
        return first.find() ? Optional.of(first.group(1)) : Optional.empty();
    }
}
