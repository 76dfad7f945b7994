package io.secai.testkit.loganalytics;

import io.secai.testkit.loganalytics.FakeLogAnalytics.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little KQL {@link FakeLogAnalytics} understands when no reply is queued or scripted: {@code print N}, the
 * table list ({@code union withsource=T * | summarize by T}), {@code T | getschema}, {@code T [| take N]}, and
 * {@code union T, workspace("<id>").T} across the workspaces it serves; an unknown table or workspace is the
 * service's semantic error, anything else its syntax error.
 */
final class WorkspaceQueries {
    private static final Pattern TABLE_LIST = Pattern.compile(
            "^\\s*union\\s+withsource\\s*=\\s*(\\w+)\\s+\\*.*\\|\\s*summarize\\s+by\\s+\\1\\b.*", Pattern.DOTALL);
    private static final Pattern PRINT_NUMBER = Pattern.compile("\\s*print\\s+(\\d{1,18})\\s*;?\\s*");
    private static final Pattern GETSCHEMA = Pattern.compile("^\\s*(\\w+)\\s*\\|\\s*getschema\\b.*", Pattern.DOTALL);
    private static final Pattern FIRST_NAME = Pattern.compile("^\\s*(?:(?://[^\\n]*\\n)\\s*)*([A-Za-z_]\\w*)");
    private static final Pattern TAKE = Pattern.compile("\\|\\s*(?:take|limit)\\s+(\\d+)");
    private static final Pattern WORKSPACE_REFERENCE =
            Pattern.compile("workspace\\(\\s*[\"']([^\"']+)[\"']\\s*\\)\\s*\\.\\s*([A-Za-z_]\\w*)");
    private static final Pattern UNION_FIRST = Pattern.compile("^\\s*union\\s+([A-Za-z_]\\w*)\\s*,");

    /** Every workspace the fake serves by its id (lower case). */
    private final Map<String, FakeWorkspace> served;

    WorkspaceQueries(Map<String, FakeWorkspace> served) {
        this.served = served;
    }

    /**
     * @param workspace the workspace the query was sent to
     * @param query the KQL text
     * @return the service's answer from the workspace's tables, or its error
     */
    Reply answer(FakeWorkspace workspace, String query) {
        if (query.contains("workspace(")) {
            return crossWorkspace(workspace, query);
        }
        Matcher print = PRINT_NUMBER.matcher(query);
        if (print.matches()) {
            // The service names an unnamed print column print_0 (SecAI's doctor sends "print 1").
            return Reply.table(List.of(new FakeWorkspace.Column("print_0", "long")),
                    List.of(List.of(Long.parseLong(print.group(1)))));
        }
        Matcher list = TABLE_LIST.matcher(query);
        if (list.matches()) {
            List<List<Object>> rows = new ArrayList<>();
            workspace.tables().keySet().forEach(name -> rows.add(List.of(name)));
            return Reply.table(List.of(new FakeWorkspace.Column(list.group(1), "string")), rows);
        }
        Matcher getschema = GETSCHEMA.matcher(query);
        if (getschema.matches()) {
            Optional<FakeWorkspace.Table> table = workspace.table(getschema.group(1));
            if (table.isEmpty()) {
                return unknownTable(getschema.group(1));
            }
            List<List<Object>> rows = new ArrayList<>();
            int ordinal = 0;
            for (FakeWorkspace.Column column : table.get().columns()) {
                rows.add(List.of(column.name(), ordinal++, "System." + dotNetType(column.type()), column.type()));
            }
            return Reply.table(List.of(new FakeWorkspace.Column("ColumnName", "string"),
                    new FakeWorkspace.Column("ColumnOrdinal", "int"), new FakeWorkspace.Column("DataType", "string"),
                    new FakeWorkspace.Column("ColumnType", "string")), rows);
        }
        Matcher first = FIRST_NAME.matcher(query);
        if (first.find()) {
            Optional<FakeWorkspace.Table> table = workspace.table(first.group(1));
            if (table.isEmpty()) {
                return unknownTable(first.group(1));
            }
            List<List<Object>> rows = table.get().rows();
            Matcher take = TAKE.matcher(query);
            if (take.find()) {
                rows = rows.subList(0, Math.min(rows.size(), Integer.parseInt(take.group(1))));
            }
            return Reply.table(table.get().columns(), rows);
        }
        return Reply.syntaxError("Query could not be parsed at the beginning of the query");
    }

    /**
     * {@code [union] T, workspace("<id>").T ...}: the rows of each table named, from its workspace, with the first
     * table's columns; a workspace the fake does not serve is the service's error.
     */
    private Reply crossWorkspace(FakeWorkspace home, String query) {
        Matcher reference = WORKSPACE_REFERENCE.matcher(query);
        List<FakeWorkspace.Table> tables = new ArrayList<>();
        Matcher first = UNION_FIRST.matcher(query);
        if (first.find()) {
            Optional<FakeWorkspace.Table> table = home.table(first.group(1));
            if (table.isEmpty()) {
                return unknownTable(first.group(1));
            }
            tables.add(table.get());
        }
        while (reference.find()) {
            FakeWorkspace other = served.get(reference.group(1).toLowerCase(java.util.Locale.ROOT));
            if (other == null) {
                return Reply.error(400, "BadArgumentError", "The request had some invalid properties",
                        "SemanticError", "'workspace' operator: Failed to resolve scalar expression named '"
                                + reference.group(1) + "'");
            }
            Optional<FakeWorkspace.Table> table = other.table(reference.group(2));
            if (table.isEmpty()) {
                return unknownTable(reference.group(2));
            }
            tables.add(table.get());
        }
        if (tables.isEmpty()) {
            return Reply.syntaxError("Query could not be parsed at 'workspace'");
        }
        List<List<Object>> rows = new ArrayList<>();
        tables.forEach(table -> rows.addAll(table.rows()));
        Matcher take = TAKE.matcher(query);
        if (take.find()) {
            rows.subList(Math.min(rows.size(), Integer.parseInt(take.group(1))), rows.size()).clear();
        }
        return Reply.table(tables.get(0).columns(), rows);
    }

    private static Reply unknownTable(String name) {
        return Reply.error(400, "BadArgumentError", "The request had some invalid properties", "SemanticError",
                "'" + name + "' operator: Failed to resolve table or column expression named '" + name + "'");
    }

    private static String dotNetType(String kustoType) {
        return switch (kustoType) {
            case "datetime" -> "DateTime";
            case "int" -> "Int32";
            case "long" -> "Int64";
            case "real" -> "Double";
            case "bool" -> "SByte";
            case "dynamic" -> "Object";
            case "guid" -> "Guid";
            case "timespan" -> "TimeSpan";
            default -> "String";
        };
    }
}
