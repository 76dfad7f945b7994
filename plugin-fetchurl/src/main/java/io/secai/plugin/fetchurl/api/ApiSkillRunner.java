package io.secai.plugin.fetchurl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.Settings;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.skill.ApiKeys;
import io.secai.kql.skill.ApiSkill;
import io.secai.kql.skill.SkillParameters;
import io.secai.kql.skill.SkillInputException;
import io.secai.plugin.fetchurl.fetch.ApiCall;
import io.secai.plugin.fetchurl.fetch.FetchedPage;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import java.util.List;
import java.util.Map;

/**
 * Runs an API skill: the task's inputs fill the skill's URL and body (see {@link ApiSkill#fill}), the keys come from
 * settings (a key bound to hosts is sent to those hosts only: a skill on another host is refused before any request), the request goes through the {@link SafeFetcher} (private addresses refused, size and time capped,
 * redirects only within the skill's host), and the JSON at the skill's pointer comes back as a typed table. No model
 * call: the request is the skill's. The answer enters the session context as the result's context text, which
 * reaches later model requests only inside the untrusted-text fence, like any tool result.
 */
public final class ApiSkillRunner {

    private final SafeFetcher fetcher;
    private final ApiKeys.Lookup keys;
    private final JsonRows rows;
    private final int contextChars;
    // Built on the first call: the plugin makes this runner at every start, and most sessions call no API skill.
    private ObjectMapper json;

    /**
     * @param fetcher the SSRF-safe fetcher
     * @param settings where header keys are read ({@code skills.api.*}, plain or bound to hosts)
     * @param maxRows most rows kept in the table
     * @param contextChars most characters of the answer later prompts see
     */
    public ApiSkillRunner(SafeFetcher fetcher, Settings settings, int maxRows, int contextChars) {
        this.fetcher = fetcher;
        this.keys = ApiKeys.of(settings);
        this.rows = new JsonRows(maxRows, 50);
        this.contextChars = contextChars;
    }

    private synchronized ObjectMapper json() {
        if (json == null) {
            // The fetcher caps the size; this caps the shape, so a hostile answer cannot nest its way into a stack
            // overflow.
            json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(1_000_000).build()).build());
        }
        return json;
    }

    /**
     * @param skill a skill
     * @return the capability the planner sees: the skill's name and description, its inputs as parameters
     */
    public static Capability capability(ApiSkill skill) {
        List<Capability.Parameter> parameters = SkillParameters.of(skill.inputs());
        return Capability.of(skill.name(), skill.description() + " (a saved call to " + skill.url().host()
                + "; fill its inputs)", parameters);
    }

    /**
     * @param skill the skill the task names
     * @param inputs the task's inputs
     * @param context the task's context
     * @return the rows, or a failure that says why
     */
    public TaskResult run(ApiSkill skill, Map<String, String> inputs, TaskContext context) {
        ApiSkill.Request request;
        try {
            request = skill.fill(inputs, keys);
        } catch (SkillInputException e) {
            return TaskResult.failed("The skill " + skill.name() + " was not run: " + e.getMessage());
        }
        String shown = SafeFetcher.shorten(request.url());
        context.artifact(Artifact.url(request.url()));
        context.throwIfCancelled();
        context.progress("Calling " + skill.url().host() + " for the skill " + skill.name());
        FetchedPage answer;
        try {
            answer = fetcher.send(new ApiCall(request.method(), request.url(), request.headers(), request.body()));
        } catch (ServiceException e) {
            return TaskResult.failed("The skill " + skill.name() + " could not get an answer: "
                    + scrub(e.getMessage(), request.secrets()));
        }
        if (answer.kind() != FetchedPage.Kind.JSON) {
            return TaskResult.failed("The skill " + skill.name() + ": " + shown + " answered " + answer.mediaType()
                    + ", not JSON; nothing was read from it.");
        }
        JsonNode root;
        try {
            root = json().readTree(scrub(answer.body(), request.secrets()));
        } catch (JsonProcessingException e) {
            return TaskResult.failed("The skill " + skill.name() + ": " + shown + " answered text that is not valid"
                    + " JSON (" + e.getOriginalMessage().lines().findFirst().orElse("").strip() + ").");
        }
        JsonNode selected = root == null ? null : root.at(skill.rows());
        if (selected == null || selected.isMissingNode()) {
            return TaskResult.failed("The skill " + skill.name() + ": the answer of " + shown + " has nothing at "
                    + (skill.rows().isEmpty() ? "its root" : skill.rows()) + ".");
        }
        ResultTable table = rows.table(selected);
        String count = table.totalRows() == 1 ? "1 row" : table.totalRows() + " rows";
        TaskResult.Builder result = TaskResult.builder()
                .markdown("Skill " + skill.name() + ": " + count + " from " + skill.url().host()
                        + (table.truncated() ? " (" + table.rows().size() + " kept)" : "") + ".")
                .table(table)
                .artifact(Artifact.url(request.url()))
                .contextText(contextText(skill, shown, table));
        if (table.truncated()) {
            result.warning("The answer had more rows or fields than are kept; the table is cut.");
        }
        return result.build();
    }

    /** The rows for later prompts: one JSON object per line, capped; the session fences it as untrusted. */
    private String contextText(ApiSkill skill, String url, ResultTable table) {
        StringBuilder text = new StringBuilder("API skill " + skill.name() + " (" + skill.method() + " " + url
                + "): " + table.totalRows() + " rows\n");
        for (List<Object> row : table.rows()) {
            Map<String, Object> object = new java.util.LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                object.put(table.columns().get(i).name(), row.get(i));
            }
            String line;
            try {
                line = json().writeValueAsString(object);
            } catch (JsonProcessingException e) {
                line = object.toString();
            }
            if (text.length() + line.length() + 1 > contextChars) {
                text.append("(more rows not shown)\n");
                break;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** An API that echoes a key (some do, in errors) must not carry it into the table, the context or a message. */
    private static String scrub(String text, List<String> secrets) {
        String scrubbed = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, "***");
            }
        }
        return scrubbed;
    }
}
