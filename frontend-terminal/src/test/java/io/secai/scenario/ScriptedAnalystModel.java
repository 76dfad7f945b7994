package io.secai.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a good model for the scenario behind {@link io.secai.testkit.openai.FakeOpenAi}: it plans each prompt as a
 * good model would, writes KQL against the tables the plugin listed, and returns the scenario's canned answer for
 * narrative steps.
 *
 * <p>It is kept honest: it may only use what the request it received holds, plus the canned answers. Every value
 * it puts into an answer (a plugin name, a table, a column, an incident number, an AlertId, a user) is taken from or
 * checked against the request; a canned answer is only given when the request holds the facts the answer rests on
 * (for a page, inside the untrusted-data markers). A request it cannot answer honestly gets an HTTP 400 and a
 * {@linkplain #violations() violation}, so a test fails with the reason instead of passing on invented data.
 */
final class ScriptedAnalystModel implements Function<ChatCall, Reply> {

    /** What a call was for, as the model recognised it. */
    enum Step {
        /** The engine's planning call (schema {@code secai_plan}). */
        PLAN,
        /** The Sentinel plugin's KQL call (schema {@code kql_query}). */
        KQL,
        /** The GPT plugin's answer. */
        ANSWER,
        /** The fetch plugin's answer over fetched pages. */
        PAGE_ANSWER,
        /** One table of the Sentinel plugin's extended schema (schema {@code table_description}). */
        TABLE_DESCRIPTION,
        /** The detection-rules plugin's rule (schema {@code analytics_rule}). */
        RULE
    }

    /**
     * One answered call.
     *
     * @param call the request as received
     * @param step what it was for
     * @param prompt the scenario prompt it served (empty for schema descriptions)
     * @param content what the model answered
     */
    record Turn(ChatCall call, Step step, Optional<ScenarioData.Prompt> prompt, String content) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TABLE_LINE = Pattern.compile("^- ([A-Za-z_][A-Za-z0-9_]*)(?::.*)?$");
    private static final Pattern COLUMNS_LINE = Pattern.compile("^\\s+columns: (.*)$");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ACCOUNT = Pattern.compile(
            "\"Name\":\\s*\"([^\"]+)\",\\s*\"UPNSuffix\":\\s*\"([^\"]+)\"");
    private static final Pattern INCIDENT_NUMBER = Pattern.compile("incident number (\\d+)");
    private static final Pattern DESCRIBE_TABLE = Pattern.compile("^Table (\\w+) has the columns(?: \\(string unless typed\\))?: (.*)$",
            Pattern.MULTILINE);

    private final List<ScenarioData.Prompt> prompts;
    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /** @param prompts every prompt of the scenario, which the model recognises in requests */
    ScriptedAnalystModel(List<ScenarioData.Prompt> prompts) {
        this.prompts = List.copyOf(prompts);
    }

    /** @return every call answered, in order */
    List<Turn> turns() {
        return List.copyOf(turns);
    }

    /** @return why calls were refused; empty when every call was answered honestly */
    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public Reply apply(ChatCall call) {
        try {
            Turn turn = answer(call);
            turns.add(turn);
            return Reply.text(turn.content());
        } catch (Dishonest e) {
            violations.add("call #" + call.number() + ": " + e.getMessage());
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("code", "scripted_model_refused").put("message", e.getMessage());
            return Reply.status(400, error.toString());
        }
    }

    private Turn answer(ChatCall call) {
        String schema = call.schemaName().orElse("");
        String system = call.systemText();
        if (schema.equals("secai_plan")) {
            return plan(call);
        }
        if (schema.equals("kql_query")) {
            return kql(call);
        }
        if (schema.equals("table_description")) {
            return describeTable(call);
        }
        if (schema.equals("analytics_rule")) {
            return rule(call);
        }
        if (system.startsWith("You are SecAI, an assistant for analysts in a security operations centre")) {
            return gptAnswer(call);
        }
        if (system.startsWith("You are SecAI, an assistant for security analysts. Answer the user's task using "
                + "the web page content")) {
            return pageAnswer(call);
        }
        throw new Dishonest("a request the scenario's model does not recognise (schema '" + schema
                + "', system prompt starting '" + system.substring(0, Math.min(80, system.length())) + "')");
    }

    private Turn plan(ChatCall call) {
        String request = PromptInjection.blocks(call.lastUserText()).stream()
                .filter(block -> block.source().equals("request")).map(PromptInjection.Block::content).findFirst()
                .orElseThrow(() -> new Dishonest("the planning request holds no request block"));
        ScenarioData.Prompt prompt = promptNamed(request.strip(), "planning request");
        String plugin;
        String capability;
        if (asksForRule(prompt)) {
            return rulePlan(call, prompt);
        }
        if (prompt.asksSentinel()) {
            plugin = "sentinel-kql";
            capability = "run-kql";
        } else if (prompt.readsPage()) {
            plugin = "fetchurl";
            capability = "fetch";
        } else {
            plugin = "gpt";
            capability = "answer";
        }
        String system = call.systemText();
        if (!system.contains("plugin \"" + plugin + "\"") || !system.contains("capability \"" + capability + "\"")) {
            throw new Dishonest("the planner did not offer " + plugin + "/" + capability);
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode task = root.putArray("tasks").addObject();
        task.put("plugin", plugin);
        task.put("capability", capability);
        task.put("instruction", prompt.text());
        task.putArray("inputs");
        ArrayNode results = task.putArray("results");
        resultsNeeded(prompt, call).forEach(results::add);
        return new Turn(call, Step.PLAN, Optional.of(prompt), root.toString());
    }

    /** An earlier result as the planning request shows it: its handle, who made it and its digest. */
    private record Digest(String handle, String source, String text) {
    }

    private static final Pattern RESULT_HEADER = Pattern.compile("^Result of ([\\w-]+/[\\w-]+)(?: \\(failed\\))?:$");
    private static final Pattern HANDLE = Pattern.compile("^\\[(r\\d+(?:\\.\\d+)?)\\] ");

    /** The earlier results in the planning request's session context, read from their digests. */
    private static List<Digest> digests(ChatCall call) {
        String context = PromptInjection.blocks(call.lastUserText()).stream()
                .filter(block -> block.source().equals("session context")).map(PromptInjection.Block::content)
                .findFirst().orElse("");
        List<Digest> digests = new ArrayList<>();
        String[] lines = context.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher header = RESULT_HEADER.matcher(lines[i]);
            Matcher handle = HANDLE.matcher(lines[i + 1]);
            if (header.matches() && handle.find()) {
                StringBuilder text = new StringBuilder(lines[i + 1]);
                for (int j = i + 2; j < lines.length && !lines[j].isBlank(); j++) {
                    text.append('\n').append(lines[j]);
                }
                digests.add(new Digest(handle.group(1), header.group(1), text.toString()));
            }
        }
        return digests;
    }

    /**
     * Which earlier results a prompt's task needs in full, as a good planner would name them from the digests it
     * was shown (never from what it was not shown): the incident's AlertIds for the alerts, the alerts' entities
     * for the sign-ins, the investigation's incident, alerts and sign-ins for its summary, the detection for its
     * rule, the rule for its optimisation.
     */
    private List<String> resultsNeeded(ScenarioData.Prompt prompt, ChatCall call) {
        List<Digest> digests = digests(call);
        java.util.function.Predicate<Digest> wanted;
        if (prompt.asksSentinel()) {
            wanted = switch (sentinelIndex(prompt)) {
                case 2 -> digest -> columnsOf(digest).contains("AlertIds");
                case 3 -> digest -> columnsOf(digest).contains("Entities");
                default -> digest -> false;
            };
        } else if (asksForRule(prompt)) {
            String source = prompt.readsPage() ? "detection-rules/create-rule" : "fetchurl/fetch";
            wanted = digest -> digest.source().equals(source);
        } else if (!prompt.readsPage()) {
            wanted = digest -> columnsOf(digest).stream().anyMatch(column -> List.of("AlertIds", "Entities",
                    "UserPrincipalName").contains(column));
        } else {
            wanted = digest -> false;
        }
        return digests.stream().filter(wanted).map(Digest::handle).toList();
    }

    private static List<String> columnsOf(Digest digest) {
        Matcher columns = Pattern.compile("columns: ([^\\n]*)").matcher(digest.text());
        return columns.find() ? List.of(columns.group(1).split(",\\s*")) : List.of();
    }

    private Turn kql(ChatCall call) {
        if (call.messages().size() != 2) {
            throw new Dishonest("the Sentinel plugin asked for a repaired query: " + call.lastUserText());
        }
        String request = call.messages().get(1).content();
        String task = lineAfter("\n" + request, "\nTask: ")
                .orElseThrow(() -> new Dishonest("the KQL request names no task"));
        ScenarioData.Prompt prompt = promptNamed(task, "KQL request");
        Map<String, Set<String>> tables = listedTables(call.systemText() + "\n" + request);
        String context = PromptInjection.blocks(request).stream()
                .filter(block -> block.source().equals("session context")).map(PromptInjection.Block::content)
                .findFirst().orElse("");
        Query query = switch (sentinelIndex(prompt)) {
            case 0 -> new Query("SecurityIncident", List.of("TimeGenerated", "IncidentNumber", "Status", "Title",
                    "Severity", "CreatedTime", "IncidentUrl"), """
                    SecurityIncident
                    | where TimeGenerated > ago(30d)
                    | summarize arg_max(TimeGenerated, *) by IncidentNumber
                    | where Status == "New"
                    | project IncidentNumber, Title, Severity, Status, CreatedTime, IncidentUrl
                    | order by CreatedTime desc""", "P30D");
            case 1 -> {
                Matcher number = INCIDENT_NUMBER.matcher(task);
                if (!number.find()) {
                    throw new Dishonest("the task names no incident number");
                }
                yield new Query("SecurityIncident", List.of("TimeGenerated", "IncidentNumber", "Title", "Severity",
                        "Status", "Description", "Owner", "AlertIds"), """
                        SecurityIncident
                        | where IncidentNumber == %s
                        | summarize arg_max(TimeGenerated, *) by IncidentNumber
                        | project IncidentNumber, Title, Severity, Status, Description, Owner, AlertIds"""
                        .formatted(number.group(1)), "");
            }
            case 2 -> {
                List<String> alertIds = alertIds(context);
                yield new Query("SecurityAlert", List.of("TimeGenerated", "SystemAlertId", "AlertName",
                        "AlertSeverity", "Description", "Entities", "Tactics", "Techniques"), """
                        SecurityAlert
                        | where SystemAlertId in (%s)
                        | summarize arg_max(TimeGenerated, *) by SystemAlertId
                        | project SystemAlertId, AlertName, AlertSeverity, Description, Entities, Tactics, \
                        Techniques, TimeGenerated""".formatted(quoted(alertIds)), "");
            }
            case 3 -> {
                List<String> users = accounts(context);
                yield new Query("SigninLogs", List.of("TimeGenerated", "UserPrincipalName", "AppDisplayName",
                        "IPAddress", "Location", "ResultType", "ResultDescription"), """
                        SigninLogs
                        | where TimeGenerated > ago(24h)
                        | where UserPrincipalName in~ (%s)
                        | project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress, Location, \
                        ResultType, ResultDescription
                        | order by TimeGenerated desc""".formatted(quoted(users)), "PT24H");
            }
            default -> throw new Dishonest("no KQL is scripted for prompt " + prompt.number());
        };
        Set<String> columns = tables.get(query.table());
        if (columns == null) {
            throw new Dishonest("the plugin did not offer table " + query.table() + " for prompt " + prompt.number()
                    + " (it offered " + tables.keySet() + ")");
        }
        for (String column : query.columns()) {
            if (!columns.contains(column)) {
                throw new Dishonest("table " + query.table() + " was listed without column " + column);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("tables").add(query.table());
        answer.put("kql", query.kql());
        answer.put("rationale", "Reads " + query.table() + " for what the task asks.");
        answer.put("timespan", query.timespan());
        return new Turn(call, Step.KQL, Optional.of(prompt), answer.toString());
    }

    private record Query(String table, List<String> columns, String kql, String timespan) {
    }

    /** The prompts that ask for an analytic rule: the ARM template, and its optimisation from a Learn page. */
    static boolean asksForRule(ScenarioData.Prompt prompt) {
        return prompt.text().toLowerCase(Locale.ROOT).contains("analytic rule");
    }

    /** A rule prompt is planned onto detection-rules, after fetching the page it names, if any. */
    private Turn rulePlan(ChatCall call, ScenarioData.Prompt prompt) {
        String system = call.systemText();
        if (!system.contains("plugin \"detection-rules\"") || !system.contains("capability \"create-rule\"")) {
            throw new Dishonest("the planner did not offer detection-rules/create-rule");
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tasks = root.putArray("tasks");
        if (prompt.readsPage()) {
            ObjectNode fetch = tasks.addObject();
            fetch.put("plugin", "fetchurl");
            fetch.put("capability", "fetch");
            fetch.put("instruction", prompt.text());
            fetch.putArray("inputs");
        }
        ObjectNode task = tasks.addObject();
        task.put("plugin", "detection-rules");
        task.put("capability", "create-rule");
        task.put("instruction", prompt.text());
        task.putArray("inputs");
        List<String> needed = resultsNeeded(prompt, call);
        for (JsonNode each : tasks) {
            ArrayNode results = ((ObjectNode) each).putArray("results");
            needed.forEach(results::add);
        }
        return new Turn(call, Step.PLAN, Optional.of(prompt), root.toString());
    }

    /**
     * The rule as the detection-rules schema asks for it: the seed's ARM template's properties (the canned answer of
     * the ARM prompt), which rest on the detection of the page prompt before it; for the optimisation prompt, the
     * same rule with the optimised query of the Learn page's answer, which must have reached the request.
     */
    private Turn rule(ChatCall call) {
        String request = call.lastUserText();
        String task = lineAfter("\n" + request, "\nRequest: ")
                .orElseThrow(() -> new Dishonest("the rule request names no request"));
        ScenarioData.Prompt prompt = promptNamed(task, "rule request");
        ScenarioData.Prompt armPrompt = prompts.stream().filter(p -> p.answer().orElse("").contains("\"$schema\""))
                .findFirst().orElseThrow(() -> new Dishonest("the scenario has no ARM template answer"));
        JsonNode properties;
        try {
            properties = JSON.readTree(armPrompt.answer().orElseThrow()).path("resources").path(0).path("properties");
        } catch (java.io.IOException e) {
            throw new Dishonest("the scenario's ARM template is not JSON");
        }
        String all = call.allText();
        String query = properties.path("query").asText();
        if (!all.contains("EventID in (5141, 4726, 4730, 4743)")) {
            throw new Dishonest("the rule of prompt " + prompt.number() + " rests on the detection's query, which the "
                    + "request does not hold");
        }
        if (prompt.readsPage()) {
            String optimised = between(prompt.answer().orElse(""), "```kql\n", "\n```")
                    .orElseThrow(() -> new Dishonest("the optimisation answer holds no KQL"));
            if (!all.contains(optimised) || !all.contains(properties.path("displayName").asText())) {
                throw new Dishonest("the optimised rule rests on the fetched page's query and the earlier rule, "
                        + "which the request does not both hold");
            }
            query = optimised;
        }
        ObjectNode answer = JSON.createObjectNode();
        for (String field : List.of("displayName", "description", "severity", "queryFrequency", "queryPeriod",
                "triggerOperator", "suppressionDuration")) {
            answer.put(field, properties.path(field).asText());
        }
        answer.put("query", query);
        answer.put("triggerThreshold", properties.path("triggerThreshold").asInt());
        answer.put("suppressionEnabled", properties.path("suppressionEnabled").asBoolean());
        answer.set("tactics", properties.path("tactics"));
        answer.set("techniques", properties.path("techniques"));
        answer.set("entityMappings", properties.path("entityMappings"));
        answer.putArray("customDetails");
        answer.putObject("eventGroupingSettings").put("aggregationKind", "SingleAlert");
        return new Turn(call, Step.RULE, Optional.of(prompt), answer.toString());
    }

    /** The AlertIds column of the incident result in the session context (the context is CSV per result). */
    private static List<String> alertIds(String context) {
        List<String> ids = new ArrayList<>();
        for (String cell : columnCells(context, "AlertIds")) {
            Matcher guid = GUID.matcher(cell);
            while (guid.find()) {
                ids.add(guid.group());
            }
        }
        if (ids.isEmpty()) {
            throw new Dishonest("the session context the plugin sent holds no AlertIds");
        }
        return ids.stream().distinct().toList();
    }

    /** The accounts (Name@UPNSuffix) of the alerts' Entities in the session context. */
    private static List<String> accounts(String context) {
        Set<String> users = new LinkedHashSet<>();
        for (String cell : columnCells(context, "Entities")) {
            Matcher account = ACCOUNT.matcher(cell);
            while (account.find()) {
                users.add(account.group(1).toLowerCase(Locale.ROOT) + "@" + account.group(2)
                        .toLowerCase(Locale.ROOT));
            }
        }
        if (users.isEmpty()) {
            throw new Dishonest("the session context the plugin sent holds no account entities");
        }
        return List.copyOf(users);
    }

    /**
     * The cells of a column in the CSV tables of a context: a header line naming the column, then rows until a
     * blank line or a line that is not a row.
     */
    static List<String> columnCells(String context, String column) {
        List<String> cells = new ArrayList<>();
        String[] lines = context.split("\n");
        for (int i = 0; i < lines.length; i++) {
            List<String> header = Csv.parse(lines[i]);
            int index = header.indexOf(column);
            if (index < 0) {
                continue;
            }
            for (int j = i + 1; j < lines.length; j++) {
                List<String> row = Csv.parse(lines[j]);
                if (row.size() != header.size()) {
                    break;
                }
                cells.add(row.get(index));
            }
        }
        return cells;
    }

    private Turn gptAnswer(ChatCall call) {
        String request = call.lastUserText();
        if (!request.startsWith("Request: ")) {
            throw new Dishonest("the GPT request does not end with the request");
        }
        ScenarioData.Prompt prompt = promptNamed(request.substring("Request: ".length()).strip(), "GPT request");
        String answer = prompt.answer().orElseThrow(() -> new Dishonest("no answer is scripted for prompt "
                + prompt.number()));
        String context = call.allText();
        for (String fact : factsBehind(prompt)) {
            if (!context.contains(fact)) {
                throw new Dishonest("the canned answer of prompt " + prompt.number() + " rests on '" + fact
                        + "', which the request does not hold");
            }
        }
        return new Turn(call, Step.ANSWER, Optional.of(prompt), answer);
    }

    private Turn pageAnswer(ChatCall call) {
        String request = call.lastUserText();
        String task = lineAfter("\n" + request, "\nTask: ")
                .orElseThrow(() -> new Dishonest("the page request names no task"));
        ScenarioData.Prompt prompt = promptNamed(task, "page request");
        String answer = prompt.answer().orElseThrow(() -> new Dishonest("no answer is scripted for prompt "
                + prompt.number()));
        String pages = String.join("\n", untrustedPageBlocks(call));
        if (pages.isEmpty()) {
            throw new Dishonest("the page request holds no page inside untrusted-data markers");
        }
        for (String fact : pageFactsBehind(prompt)) {
            if (!pages.contains(fact)) {
                throw new Dishonest("the canned answer of prompt " + prompt.number() + " rests on the page's '"
                        + fact + "', which is not inside the untrusted-data markers");
            }
        }
        for (String fact : factsBehind(prompt)) {
            if (!request.contains(fact)) {
                throw new Dishonest("the canned answer of prompt " + prompt.number() + " rests on '" + fact
                        + "' from earlier in the session, which the request does not hold");
            }
        }
        return new Turn(call, Step.PAGE_ANSWER, Optional.of(prompt), answer);
    }

    /**
     * The fenced blocks of a fetch request that hold pages.
     *
     * @param call a fetch plugin request
     * @return the blocks' text
     */
    static List<String> untrustedPageBlocks(ChatCall call) {
        return PromptInjection.blocks(call.lastUserText()).stream().filter(block -> block.source().startsWith("page "))
                .map(PromptInjection.Block::content).toList();
    }

    /** Facts of earlier steps that a canned answer states, which the request must hold. */
    private List<String> factsBehind(ScenarioData.Prompt prompt) {
        String answer = prompt.answer().orElse("");
        if (answer.contains("Executive summary")) {
            return List.of("4113", "Rare Active Directory object deletion", "amelia.ross", "svc-backup",
                    "185.220.10");
        }
        if (answer.contains("\"$schema\"")) {
            return List.of("EventID in (5141, 4726, 4730, 4743)");
        }
        if (prompt.readsPage() && answer.contains("already filters")) {
            return List.of("make_set(ObjectName, 50)", "5141");
        }
        return List.of();
    }

    /** What a page must say for its canned answer to be drawn from it. */
    private static List<String> pageFactsBehind(ScenarioData.Prompt prompt) {
        String host = prompt.url().map(java.net.URI::getHost).orElse("");
        return switch (host) {
            case "attack.mitre.org" -> List.of("Active Directory Object Deletion", "5141", "4726", "4730", "4743");
            case "learn.microsoft.com" -> List.of("partitioned by TimeGenerated", "project");
            default -> List.of();
        };
    }

    private Turn describeTable(ChatCall call) {
        Matcher table = DESCRIBE_TABLE.matcher(call.lastUserText());
        if (!table.find()) {
            throw new Dishonest("the table-description request names no table");
        }
        List<String> columns = new ArrayList<>();
        for (String column : table.group(2).split(",")) {
            String name = column.strip().replaceFirst(":.*$", "");
            if (!name.isEmpty()) {
                columns.add(name);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("description", table.group(1) + " records " + String.join(", ",
                columns.subList(0, Math.min(4, columns.size()))) + " and related fields, one row per event.");
        ArrayNode keys = answer.putArray("keyFields");
        columns.subList(0, Math.min(8, columns.size())).forEach(keys::add);
        return new Turn(call, Step.TABLE_DESCRIPTION, Optional.empty(), answer.toString());
    }

    private ScenarioData.Prompt promptNamed(String text, String where) {
        String wanted = text.strip();
        return prompts.stream().filter(prompt -> prompt.text().strip().equals(wanted)).findFirst()
                .orElseThrow(() -> new Dishonest("the " + where + " holds no prompt of the scenario: '"
                        + wanted.substring(0, Math.min(120, wanted.length())) + "'"));
    }

    /** The position of a Sentinel prompt among the scenario's Sentinel prompts. */
    private int sentinelIndex(ScenarioData.Prompt prompt) {
        List<ScenarioData.Prompt> sentinel = prompts.stream().filter(ScenarioData.Prompt::asksSentinel).toList();
        return sentinel.indexOf(prompt);
    }

    private static Map<String, Set<String>> listedTables(String request) {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        String current = null;
        for (String line : request.split("\n")) {
            Matcher table = TABLE_LINE.matcher(line);
            Matcher columns = COLUMNS_LINE.matcher(line);
            if (table.matches()) {
                current = table.group(1);
            } else if (current != null && columns.matches()) {
                Set<String> names = new LinkedHashSet<>();
                for (String column : columns.group(1).split(",")) {
                    names.add(column.strip().replaceFirst(":.*$", ""));
                }
                tables.put(current, names);
                current = null;
            }
        }
        return tables;
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


    /** The text between the first {@code open} and the next {@code close} (the rule prompt's fenced KQL). */
    private static Optional<String> between(String text, String open, String close) {
        int start = text.indexOf(open);
        if (start < 0) {
            return Optional.empty();
        }
        int end = text.indexOf(close, start + open.length());
        return end < 0 ? Optional.empty() : Optional.of(text.substring(start + open.length(), end));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(value -> "\"" + value + "\"").toList());
    }

    /** A request the model cannot answer from what it received. */
    private static final class Dishonest extends RuntimeException {
        Dishonest(String message) {
            super(message);
        }
    }

    /** Reads one line of comma-separated values with double-quote escaping. */
    static final class Csv {
        private Csv() {
        }

        static List<String> parse(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
