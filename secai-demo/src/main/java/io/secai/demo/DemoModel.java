package io.secai.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's model stand-in behind the fake Azure OpenAI: recorded answers for the steps of the two sample
 * investigations, recognised by what each step asks, and for any other prompt a plan to one answer that says what a
 * real configuration needs. The values a recorded query uses (the incident number, the AlertIds, the users) are
 * taken from the request it received, as a model would take them from the session context, so the rows shown are
 * the ones the query selects. Every text answer starts by saying it is a recorded demo answer.
 */
final class DemoModel implements Function<ChatCall, Reply> {

    /** The line every text answer starts with, so no one mistakes the demo for a model's work. */
    static final String RECORDED = "_Recorded demo answer (SecAI --demo: no model was asked)._";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INCIDENT_NUMBER = Pattern.compile("incident number (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** An account entity of an alert, in the session context's CSV, where the JSON's quotes are doubled. */
    private static final Pattern ACCOUNT = Pattern.compile(
            "\"+Name\"+:\\s*\"+([^\",]+)\"+,\\s*\"+UPNSuffix\"+:\\s*\"+([^\",]+)\"+");

    /** The steps of the two sample investigations, and everything else. */
    enum Step {
        LIST_INCIDENTS, INCIDENT_DETAILS, ALERTS, SIGN_INS, SUMMARY, DETECTION_FROM_PAGE, ARM_RULE, OPTIMISE,
        UNKNOWN;

        static Step of(String request) {
            String text = request.toLowerCase(Locale.ROOT);
            boolean url = text.contains("http://") || text.contains("https://");
            if (text.contains("executive summary")) {
                return SUMMARY;
            }
            if (url && text.contains("optimi") && text.contains("rule")) {
                return OPTIMISE;
            }
            if (url && text.contains("detection")) {
                return DETECTION_FROM_PAGE;
            }
            if (text.contains("analytic rule") && text.contains("arm")) {
                return ARM_RULE;
            }
            if (INCIDENT_NUMBER.matcher(request).find()) {
                return INCIDENT_DETAILS;
            }
            if (text.contains("alertids") || text.contains("alert ids")) {
                return ALERTS;
            }
            if ((text.contains("signin") || text.contains("sign-in")) && text.contains("users")) {
                return SIGN_INS;
            }
            if (text.contains("incidents") && text.contains("new")) {
                return LIST_INCIDENTS;
            }
            return UNKNOWN;
        }
    }

    @Override
    public Reply apply(ChatCall call) {
        String schema = call.schemaName().orElse("");
        try {
            return switch (schema) {
                case "secai_plan" -> Reply.text(plan(call));
                case "kql_query" -> Reply.text(kql(call));
                case "analytics_rule" -> rule(call);
                case "table_description" -> Reply.text("{\"description\":\"Demo table.\",\"keyFields\":[]}");
                case "" -> Reply.text(text(call));
                default -> refuse("the demo has no recorded answer for a '" + schema + "' request");
            };
        } catch (RuntimeException e) {
            return refuse(e.getMessage());
        }
    }

    /** The rule rests on the detection drafted earlier in the session, which the request must hold. */
    private static Reply rule(ChatCall call) {
        String all = call.allText();
        if (!all.contains("New-InboxRule")) {
            return refuse("the demo's rule rests on the detection of the first url-to-detection step, which this "
                    + "session does not hold yet: run url-to-detection from the start");
        }
        return Reply.text(DemoAnswers.rule(step(call, "Request: ") == Step.OPTIMISE));
    }

    private static Reply refuse(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", "demo_no_recorded_answer").put("message", message);
        return Reply.status(400, error.toString());
    }

    private static String plan(ChatCall call) {
        String request = PromptInjection.blocks(call.lastUserText()).stream()
                .filter(block -> block.source().equals("request")).map(PromptInjection.Block::content).findFirst()
                .orElse(call.lastUserText()).strip();
        String offered = call.systemText();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tasks = root.putArray("tasks");
        switch (Step.of(request)) {
            case LIST_INCIDENTS, INCIDENT_DETAILS, ALERTS, SIGN_INS ->
                    task(tasks, offered, "sentinel-kql", "run-kql", request);
            case DETECTION_FROM_PAGE -> task(tasks, offered, "fetchurl", "fetch", request);
            case ARM_RULE -> task(tasks, offered, "detection-rules", "create-rule", request);
            case OPTIMISE -> {
                task(tasks, offered, "fetchurl", "fetch", request);
                task(tasks, offered, "detection-rules", "create-rule", request);
            }
            case SUMMARY, UNKNOWN -> task(tasks, offered, "gpt", "answer", request);
        }
        return root.toString();
    }

    /** A task for a plugin the planner offered; the GPT plugin (which says what is missing) otherwise. */
    private static void task(ArrayNode tasks, String offered, String plugin, String capability, String request) {
        boolean available = offered.contains("plugin \"" + plugin + "\"")
                && offered.contains("capability \"" + capability + "\"");
        ObjectNode task = tasks.addObject();
        task.put("plugin", available ? plugin : "gpt");
        task.put("capability", available ? capability : "answer");
        task.put("instruction", request);
        task.putArray("inputs");
    }

    private static String kql(ChatCall call) {
        String request = call.messages().get(call.messages().size() - 1).content();
        String task = lineAfter(request, "Task: ").orElse(request);
        String context = PromptInjection.blocks(request).stream()
                .filter(block -> block.source().equals("session context")).map(PromptInjection.Block::content)
                .reduce("", (a, b) -> a + "\n" + b);
        ObjectNode answer = JSON.createObjectNode();
        String kql;
        String table;
        String timespan = "";
        switch (Step.of(task)) {
            case LIST_INCIDENTS -> {
                table = "SecurityIncident";
                timespan = "P30D";
                kql = """
                        SecurityIncident
                        | where TimeGenerated > ago(30d)
                        | summarize arg_max(TimeGenerated, *) by IncidentNumber
                        | where Status == "New"
                        | project IncidentNumber, Title, Severity, Status, CreatedTime
                        | order by CreatedTime desc""";
            }
            case INCIDENT_DETAILS -> {
                Matcher number = INCIDENT_NUMBER.matcher(task);
                number.find();
                table = "SecurityIncident";
                kql = """
                        SecurityIncident
                        | where IncidentNumber == %s
                        | summarize arg_max(TimeGenerated, *) by IncidentNumber
                        | project IncidentNumber, Title, Severity, Status, Description, AlertIds"""
                        .formatted(number.group(1));
            }
            case ALERTS -> {
                Set<String> ids = new LinkedHashSet<>();
                GUID.matcher(context).results().forEach(m -> ids.add(m.group()));
                if (ids.isEmpty()) {
                    throw new IllegalStateException("the session holds no AlertIds yet: ask for the incident's "
                            + "details first (step 2 of incident-investigation)");
                }
                table = "SecurityAlert";
                kql = """
                        SecurityAlert
                        | where SystemAlertId in (%s)
                        | summarize arg_max(TimeGenerated, *) by SystemAlertId
                        | project SystemAlertId, AlertName, AlertSeverity, Description, Entities, Tactics"""
                        .formatted(quoted(ids));
            }
            case SIGN_INS -> {
                Set<String> users = new LinkedHashSet<>();
                ACCOUNT.matcher(context).results().forEach(m -> users.add(
                        (m.group(1) + "@" + m.group(2)).toLowerCase(Locale.ROOT)));
                if (users.isEmpty()) {
                    throw new IllegalStateException("the session holds no alert accounts yet: ask for the alerts "
                            + "first (step 3 of incident-investigation)");
                }
                table = "SigninLogs";
                timespan = "PT24H";
                kql = """
                        SigninLogs
                        | where TimeGenerated > ago(24h)
                        | where UserPrincipalName in~ (%s)
                        | project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress, Location, \
                        ResultType, ResultDescription
                        | order by TimeGenerated desc""".formatted(quoted(users));
            }
            default -> throw new IllegalStateException("the demo has recorded queries only for the steps of "
                    + "incident-investigation");
        }
        answer.putArray("tables").add(table);
        answer.put("kql", kql);
        answer.put("rationale", "Recorded demo query: reads " + table + " for what the step asks.");
        answer.put("timespan", timespan);
        return answer.toString();
    }

    private static String text(ChatCall call) {
        String user = call.lastUserText();
        List<String> pages = PromptInjection.blocks(user).stream().filter(block -> block.source().startsWith("page "))
                .map(PromptInjection.Block::content).toList();
        Step step = step(call, pages.isEmpty() ? "Request: " : "Task: ");
        if (!pages.isEmpty()) {
            String page = String.join("\n", pages);
            return step == Step.OPTIMISE ? DemoAnswers.optimisation(page) : DemoAnswers.detection(page);
        }
        return switch (step) {
            case SUMMARY -> DemoAnswers.summary(call.allText());
            case UNKNOWN -> DemoAnswers.unknown();
            default -> DemoAnswers.unknown();
        };
    }

    private static Step step(ChatCall call, String label) {
        String user = call.lastUserText();
        return Step.of(lineAfter("\n" + user, "\n" + label).orElse(user));
    }

    private static Optional<String> lineAfter(String text, String label) {
        int start = text.indexOf(label);
        if (start < 0) {
            return Optional.empty();
        }
        int from = start + label.length();
        int end = text.indexOf('\n', from);
        return Optional.of((end < 0 ? text.substring(from) : text.substring(from, end)).strip());
    }

    private static String quoted(Set<String> values) {
        return String.join(", ", values.stream().map(value -> "\"" + value + "\"").toList());
    }
}
