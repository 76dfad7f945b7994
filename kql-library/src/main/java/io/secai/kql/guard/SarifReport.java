package io.secai.kql.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Guard results as a SARIF 2.1.0 log, the format CI pipelines and code-scanning tools read: refusals are errors
 * (rule {@code KQL-<KIND>}), lint notes are warnings under their own rule ids. Each query is located by its line in
 * the input file.
 */
public final class SarifReport {
    private final ObjectMapper json;
    private final String artifactUri;
    private final ObjectNode log;
    private final ArrayNode results;

    /**
     * @param json the mapper
     * @param artifactUri the file the queries came from (for example {@code queries.jsonl})
     */
    public SarifReport(ObjectMapper json, String artifactUri) {
        this.json = json;
        this.artifactUri = artifactUri;
        this.log = json.createObjectNode();
        log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "secai-kql-guard");
        driver.put("informationUri", "https://learn.microsoft.com/kusto/query/");
        ArrayNode rules = driver.putArray("rules");
        for (GuardReport.Kind kind : GuardReport.Kind.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", ruleId(kind));
            rule.put("name", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            rule.putObject("shortDescription").put("text", "The guard refuses the query: "
                    + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ".");
            rule.putObject("defaultConfiguration").put("level", "error");
        }
        for (KqlLint.Rule lint : KqlLint.Rule.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", lint.id());
            rule.put("name", lint.shortName());
            rule.putObject("shortDescription").put("text", lint.description());
            rule.putObject("defaultConfiguration").put("level", "warning");
        }
        results = run.putArray("results");
    }

    private static String ruleId(GuardReport.Kind kind) {
        return "KQL-" + kind.name().replace('_', '-');
    }

    /**
     * @param report the guard's report on one query
     * @param line the query's line in the input (1-based)
     */
    public void add(GuardReport report, int line) {
        for (GuardReport.Refusal refusal : report.refusals()) {
            result(ruleId(refusal.kind()), "error", refusal.message(), line, 0);
        }
        for (LintNote note : report.lint()) {
            result(note.ruleId(), "warning", note.message(), line, note.offset());
        }
    }

    private void result(String ruleId, String level, String message, int line, int offset) {
        ObjectNode result = results.addObject();
        result.put("ruleId", ruleId);
        result.put("level", level);
        result.putObject("message").put("text", message);
        ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
        location.putObject("artifactLocation").put("uri", artifactUri);
        location.putObject("region").put("startLine", line);
        result.putObject("properties").put("queryOffset", offset);
    }

    /** @return the SARIF log as JSON text */
    public String toJson() {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(log);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
