package io.secai.mcp.server;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.Artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code kql_tables}, {@code kql_check} and {@code kql_run}: the Sentinel KQL plugin's schema, guard and queries. */
final class KqlTools {

    private static final String WORKSPACE = """
            "workspace": {"type": "string", "description": "Which Log Analytics workspace: an alias configured in \
            azure.workspaces (or the workspace's name or id), or omit it (or say \\"default\\") for the default one."}""";

    private final ToolSupport support;

    KqlTools(ToolSupport support) {
        this.support = support;
    }

    List<SyncToolSpecification> tools() {
        return List.of(tables(), check(), run());
    }

    private SyncToolSpecification tables() {
        McpSchema.Tool tool = support.tool("kql_tables", "Sentinel tables for a question",
                "Find which Microsoft Sentinel / Log Analytics tables can answer a question, before writing KQL. "
                        + "Returns the best-matching tables of the workspace (ranked by SecAI's schema-aware "
                        + "shortlist), each with its description, columns and types and, where known, sample values."
                        + " Use it to pick table and column names; do not guess them. It does not run any query.",
                """
                {"type": "object", "properties": {
                  "question": {"type": "string", "description": "What you want to find out, in plain words, e.g. \
                'failed sign-ins from new countries' or 'new high severity incidents'."},
                  "top": {"type": "integer", "minimum": 1, "maximum": 50, "description": "How many tables to \
                return (default: the configured shortlist size, 5)."},
                  %s
                }, "required": ["question"], "additionalProperties": false}""".formatted(WORKSPACE),
                """
                {"type": "object", "properties": {
                  "question": {"type": "string"},
                  "tables": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "description": {"type": "string"},
                    "columns": {"type": "array", "items": {"type": "object"}}}}},
                  "error": {"type": "string"}}}""", false);
        return support.spec(tool, (args, evidence) -> {
            String question = ToolSupport.requireText(args, "question");
            List<String> words = new ArrayList<>(List.of("tables", "--format", "json"));
            ToolSupport.optionalText(args, "workspace").ifPresent(w -> words.addAll(List.of("--workspace", w)));
            ToolSupport.optionalInteger(args, "top").ifPresent(top -> words.addAll(List.of("--top",
                    Integer.toString(top))));
            words.add("--");
            words.add(question);
            return support.jsonCommand("kql", words);
        });
    }

    private SyncToolSpecification check() {
        McpSchema.Tool tool = support.tool("kql_check", "Check KQL with SecAI's read-only guard",
                "Check a KQL query with SecAI's read-only guard without running it. Returns passed (true or false), "
                        + "the refusals with their reasons (management commands such as .drop, cross-workspace "
                        + "references, unknown tables or columns, disallowed plugins), lint notes (no time filter, "
                        + "contains where has would do, ...), the tables and columns it reads and the query as it "
                        + "would run (with the row cap added). Use it to validate a query you wrote or were given; "
                        + "use kql_run to also get rows.",
                """
                {"type": "object", "properties": {
                  "query": {"type": "string", "description": "The KQL query text."},
                  %s
                }, "required": ["query"], "additionalProperties": false}""".formatted(WORKSPACE),
                GUARD_OUTPUT, false);
        return support.spec(tool, (args, evidence) -> {
            String query = ToolSupport.requireText(args, "query");
            evidence.add(Artifact.query(query));
            List<String> words = new ArrayList<>(List.of("run", "--check-only", "--format", "json"));
            ToolSupport.optionalText(args, "workspace").ifPresent(w -> words.addAll(List.of("--workspace", w)));
            words.add("--");
            words.add(query);
            return support.guardCommand(words);
        });
    }

    private SyncToolSpecification run() {
        McpSchema.Tool tool = support.tool("kql_run", "Run read-only KQL on Sentinel",
                "Run a KQL query on a Microsoft Sentinel (Log Analytics) workspace and return the rows. The query "
                        + "first passes SecAI's read-only guard: anything that could change data (.drop, .set, "
                        + "ingestion and other management commands) or leave the workspace is refused and nothing "
                        + "runs; a row cap is added when the query has none. Returns the rows with typed columns, "
                        + "the KQL that ran and the time range as evidence, and whether the rows were truncated. "
                        + "Call kql_tables first when you are unsure of table or column names. Never writes.",
                """
                {"type": "object", "properties": {
                  "query": {"type": "string", "description": "The KQL query text."},
                  "timespan": {"type": "string", "description": "How far back the service looks, as an ISO-8601 \
                duration such as P1D, P7D or PT4H (default: the configured default-timespan, 30 days). The query \
                may narrow it further with its own time filter."},
                  %s
                }, "required": ["query"], "additionalProperties": false}""".formatted(WORKSPACE),
                RUN_OUTPUT, true);
        return support.spec(tool, (args, evidence) -> {
            String query = ToolSupport.requireText(args, "query");
            List<String> words = new ArrayList<>(List.of("run", "--format", "json"));
            ToolSupport.optionalText(args, "workspace").ifPresent(w -> words.addAll(List.of("--workspace", w)));
            Optional<String> timespan = ToolSupport.optionalText(args, "timespan");
            timespan.ifPresent(t -> words.addAll(List.of("--timespan", t)));
            words.add("--");
            words.add(query);
            McpSchema.CallToolResult result = support.guardCommand(words);
            if (result.structuredContent() instanceof Map<?, ?> answer) {
                evidence.add(Artifact.query(String.valueOf(answer.get("guardedKql") != null
                        ? answer.get("guardedKql") : query)));
                if (answer.get("timespan") != null) {
                    evidence.add(Artifact.of(Artifact.Kind.TIMESPAN, "Time range",
                            String.valueOf(answer.get("timespan"))));
                }
            } else {
                evidence.add(Artifact.query(query));
            }
            return result;
        });
    }

    private static final String GUARD_PROPERTIES = """
              "passed": {"type": "boolean", "description": "whether the guard lets the query run"},
              "kql": {"type": "string", "description": "the query as given"},
              "guardedKql": {"type": "string", "description": "the query as it runs (row cap added)"},
              "refusals": {"type": "array", "items": {"type": "object", "properties": {
                "kind": {"type": "string"}, "message": {"type": "string"}}}},
              "lint": {"type": "array", "items": {"type": "object", "properties": {
                "rule": {"type": "string"}, "message": {"type": "string"}}}},
              "tables": {"type": "array", "items": {"type": "string"}},
              "columns": {"type": "array", "items": {"type": "string"}},
              "notes": {"type": "array", "items": {"type": "string"}},
              "ran": {"type": "boolean"},
              "error": {"type": "string"}""";

    private static final String GUARD_OUTPUT = "{\"type\": \"object\", \"properties\": {" + GUARD_PROPERTIES + "}}";

    private static final String RUN_OUTPUT = "{\"type\": \"object\", \"properties\": {" + GUARD_PROPERTIES + """
            ,
              "workspace": {"type": "string"},
              "timespan": {"type": "string", "description": "the time range given to the service (ISO-8601)"},
              "resultColumns": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "type": {"type": "string"}}}},
              "rows": {"type": "array", "items": {"type": "array"}},
              "rowCount": {"type": "integer"},
              "truncated": {"type": "boolean", "description": "true when rows were cut by the row cap"},
              "warnings": {"type": "array", "items": {"type": "string"}}}}""";

}
