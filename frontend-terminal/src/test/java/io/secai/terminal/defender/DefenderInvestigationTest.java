package io.secai.terminal.defender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.engine.Engine;
import io.secai.engine.PluginStatus;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.graph.FakeGraph;
import io.secai.testkit.graph.GraphReply;
import io.secai.testkit.graph.SecurityData;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

/**
 * The seed's incident investigation against a Defender XDR incident, and an advanced-hunting join, end to end: the
 * real engine, the Defender XDR plugin loaded as a jar from plugins-dir, the HTTPS model fake playing an analyst's
 * model (it plans from the prompt and writes KQL and summaries from what the session shows it), and the HTTPS
 * Microsoft Graph fake answering in Graph's wire format.
 */
class DefenderInvestigationTest {
    private static final Pattern UPN = Pattern.compile("[a-z]+@contoso\\.com");
    private static final Pattern INCIDENT = Pattern.compile("Defender incident (\\d+)");
    private static final Pattern FIRST_ID = Pattern.compile("\\b(29723\\d\\d)\\b");

    @TempDir
    Path dir;

    private EngineFixture fixture;
    private FakeGraph graph;
    private Engine engine;
    private final List<String> kqlPrompts = new ArrayList<>();
    private final List<String> summaryPrompts = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(dir);
        graph = FakeGraph.start();
        graph.incident(SecurityData.incident("2972395", "Multi-stage incident involving Initial access and"
                        + " Collection on one endpoint", "high", "active", "2026-11-30T08:00:00Z", null))
                .incident(SecurityData.incident("2972381", "Suspicious inbox rule", "medium", "active",
                        "2026-11-28T08:00:00Z", null))
                .alert(SecurityData.alert("da6375_1", "2972395", "Phishing email delivered", "high",
                        "microsoftDefenderForOffice365", "2026-11-30T08:00:00Z", List.of(
                                SecurityData.mailboxEvidence("megan@contoso.com"),
                                SecurityData.userEvidence("megan@contoso.com"),
                                SecurityData.ipEvidence("203.0.113.7", "NL"))))
                .alert(SecurityData.alert("da6375_2", "2972395", "Suspicious process on endpoint", "medium",
                        "microsoftDefenderForEndpoint", "2026-11-30T08:05:00Z", List.of(
                                SecurityData.deviceEvidence("ws-0042.contoso.com",
                                        "73e7e2de709dff64ef64b1d0c30e67fab63279db"),
                                SecurityData.fileEvidence("invoice.exe", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
                                        + "2b0b822cd15d6c15b0f00a08"),
                                SecurityData.userEvidence("adele@contoso.com"))))
                .huntingTable("IdentityLogonEvents", List.of(Map.entry("Timestamp", "DateTime"),
                        Map.entry("ActionType", "String"), Map.entry("Application", "String"),
                        Map.entry("AccountUpn", "String"), Map.entry("IPAddress", "String"),
                        Map.entry("Location", "String")), List.of(
                        List.of("2026-11-30T07:58:00Z", "LogonSuccess", "Microsoft 365", "megan@contoso.com",
                                "203.0.113.7", "NL"),
                        List.of("2026-11-30T09:12:00Z", "LogonFailed", "Microsoft 365", "adele@contoso.com",
                                "198.51.100.23", "RO")))
                .huntingTable("DeviceProcessEvents", List.of(Map.entry("Timestamp", "DateTime"),
                        Map.entry("DeviceId", "String"), Map.entry("DeviceName", "String"),
                        Map.entry("FileName", "String"), Map.entry("ProcessCommandLine", "String")), List.of())
                .huntingTable("DeviceNetworkEvents", List.of(Map.entry("Timestamp", "DateTime"),
                        Map.entry("DeviceId", "String"), Map.entry("RemoteIP", "String"),
                        Map.entry("RemotePort", "Int32")), List.of())
                .whenHunting(q -> q.contains("join"), q -> GraphReply.hunting(List.of(
                        Map.entry("DeviceName", "String"), Map.entry("FileName", "String"),
                        Map.entry("RemoteIP", "String"), Map.entry("RemotePort", "Int32")), List.of(
                        List.of("ws-0042.contoso.com", "invoice.exe", "203.0.113.7", 443))));
        fixture.with("plugins.defender-xdr.graph-url", graph.baseUrl());
        fixture.openAi().respondWith(this::analystModel);
        engine = fixture.start(dir);
    }

    @AfterEach
    void stop() {
        engine.close();
        fixture.close();
        graph.close();
    }

    /** Plans by the words of the request; writes KQL and summaries only from what the session put in its prompt. */
    private Reply analystModel(ChatCall call) {
        String schema = call.schemaName().orElse("");
        if (schema.equals("secai_plan")) {
            String asked = PromptInjection.blocks(call.lastUserText()).stream()
                    .filter(block -> block.source().equals("request")).findFirst().orElseThrow().content();
            return Reply.text(plan(asked, call.allText()));
        }
        if (schema.equals("kql_query")) {
            String prompt = call.allText();
            synchronized (kqlPrompts) {
                kqlPrompts.add(prompt);
            }
            if (prompt.contains("Task: Which processes")) {
                return Reply.text(kql("DeviceProcessEvents | where Timestamp > ago(1d) | join kind=inner"
                        + " (DeviceNetworkEvents | where RemoteIP == '203.0.113.7') on DeviceId"
                        + " | project DeviceName, FileName, RemoteIP, RemotePort"));
            }
            Set<String> users = new LinkedHashSet<>();
            Matcher upn = UPN.matcher(prompt);
            while (upn.find()) {
                users.add("'" + upn.group() + "'");
            }
            return Reply.text(kql("IdentityLogonEvents | where Timestamp > ago(7d) | where AccountUpn in ("
                    + String.join(", ", users) + ") | project Timestamp, AccountUpn, ActionType, Application,"
                    + " IPAddress, Location"));
        }
        String prompt = call.allText();
        synchronized (summaryPrompts) {
            summaryPrompts.add(prompt);
        }
        Matcher incident = INCIDENT.matcher(prompt);
        return Reply.text("**Executive summary.** Defender incident " + (incident.find() ? incident.group(1) : "?")
                + ": a phishing email to megan@contoso.com was followed by a sign-in from "
                + (prompt.contains("203.0.113.7") ? "203.0.113.7" : "an unknown address")
                + " and a suspicious process on ws-0042.");
    }

    private static String plan(String asked, String everything) {
        String lower = asked.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("list")) {
            return tasks(task("list-incidents", asked, Map.of("status", "active", "severity", "high",
                    "since", "7d")));
        }
        if (lower.contains("alerts and their evidence")) {
            Matcher first = FIRST_ID.matcher(everything.substring(everything.indexOf("Earlier") < 0 ? 0
                    : everything.indexOf("Earlier")));
            String id = first.find() ? first.group(1) : "";
            return tasks(task("incident-details", asked, Map.of("incident-id", id)) + ","
                    + task("alert-evidence", asked, Map.of("incident-id", id)));
        }
        if (lower.contains("sign-ins")) {
            return tasks(task("advanced-hunting", "Sign-ins of the users in the alert evidence (megan, adele)"
                    + " in the last 7 days", Map.of()));
        }
        if (lower.contains("which processes")) {
            return tasks(task("advanced-hunting", asked, Map.of()));
        }
        return "{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"answer\",\"instruction\":"
                + quote("Write an executive summary of this investigation") + ",\"inputs\":[]}]}";
    }

    private static String task(String capability, String instruction, Map<String, String> inputs) {
        StringBuilder list = new StringBuilder();
        inputs.forEach((name, value) -> list.append(list.isEmpty() ? "" : ",").append("{\"name\":")
                .append(quote(name)).append(",\"value\":").append(quote(value)).append('}'));
        return "{\"plugin\":\"defender-xdr\",\"capability\":" + quote(capability) + ",\"instruction\":"
                + quote(instruction) + ",\"inputs\":[" + list + "]}";
    }

    private static String tasks(String tasks) {
        return "{\"tasks\":[" + tasks + "]}";
    }

    private static String kql(String query) {
        return "{\"tables\":[],\"kql\":" + quote(query) + ",\"rationale\":\"as asked\",\"timespan\":\"P7D\"}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private PromptOutcome ask(String session, String prompt) throws Exception {
        PromptOutcome outcome = engine.submit(session, prompt, ProgressListener.NONE).outcome()
                .get(90, TimeUnit.SECONDS);
        assertThat(outcome.status()).as(prompt + ": " + outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        return outcome;
    }

    private static List<Object> column(PromptOutcome outcome, int task, String name) {
        ResultTable table = outcome.tasks().get(task).result().table().orElseThrow();
        int index = table.columnIndex(name);
        return table.rows().stream().map(row -> row.get(index)).toList();
    }

    @Test
    void aDefenderIncidentInvestigationInFourPrompts() throws Exception {
        PluginStatus defender = engine.plugins().stream().filter(p -> p.name().equals("defender-xdr")).findFirst()
                .orElseThrow();
        assertThat(defender.capabilities()).extracting(c -> c.name()).contains("list-incidents",
                "incident-details", "alert-evidence", "advanced-hunting");
        String session = engine.sessions().create("analyst").id();

        PromptOutcome listed = ask(session, "List the active high-severity Defender incidents of the last week");
        assertThat(column(listed, 0, "IncidentId")).containsExactly("2972395");
        assertThat(graph.requests().get(0).query().get("$filter")).startsWith("status eq 'active' and severity eq"
                + " 'high' and createdDateTime ge ");

        PromptOutcome details = ask(session, "Show me that incident's alerts and their evidence");
        assertThat(details.plan().get(0).inputs()).containsEntry("incident-id", "2972395");
        assertThat(column(details, 0, "Title")).containsExactly("Phishing email delivered",
                "Suspicious process on endpoint");
        assertThat(column(details, 1, "EvidenceType")).containsExactly("mailbox", "user", "ip", "device", "file",
                "user");
        assertThat(column(details, 1, "UserPrincipalName")).contains("megan@contoso.com", "adele@contoso.com");

        PromptOutcome signIns = ask(session, "Get the sign-ins of those users over the last 7 days");
        String kqlPrompt = kqlPrompts.get(kqlPrompts.size() - 1);
        assertThat(kqlPrompt).contains("IdentityLogonEvents").contains("megan@contoso.com", "adele@contoso.com");
        String ran = graph.huntingQueries().get(graph.huntingQueries().size() - 1);
        assertThat(ran).contains("AccountUpn in ('megan@contoso.com', 'adele@contoso.com')").endsWith("| take 100");
        assertThat(signIns.tasks().get(0).result().artifacts()).extracting(Artifact::value).contains(ran);
        assertThat(column(signIns, 0, "IPAddress")).containsExactly("203.0.113.7", "198.51.100.23");
        assertThat(signIns.tasks().get(0).result().table().orElseThrow().columns().get(0).type())
                .isEqualTo(ResultTable.ColumnType.DATETIME);

        PromptOutcome summary = ask(session, "Write an executive summary of this investigation");
        assertThat(summary.tasks().get(0).result().markdown()).contains("Defender incident 2972395",
                "203.0.113.7");
        assertThat(summaryPrompts.get(summaryPrompts.size() - 1)).contains("Phishing email delivered",
                "198.51.100.23");
        assertThat(graph.requests()).allSatisfy(request -> assertThat(request.bearerToken()).isTrue());
    }

    @Test
    void anAdvancedHuntingQuestionJoinsTwoDeviceTables() throws Exception {
        String session = engine.sessions().create("hunter").id();

        PromptOutcome outcome = ask(session, "Which processes on devices opened network connections to"
                + " 203.0.113.7 in the last day?");

        String prompt = kqlPrompts.get(kqlPrompts.size() - 1);
        assertThat(prompt).contains("DeviceProcessEvents", "DeviceNetworkEvents");
        List<String> joins = graph.huntingQueries().stream().filter(q -> q.contains("join")).toList();
        assertThat(joins).singleElement().satisfies(q -> assertThat(q).contains("DeviceProcessEvents",
                "DeviceNetworkEvents").endsWith("| take 100"));
        ResultTable table = outcome.tasks().get(0).result().table().orElseThrow();
        assertThat(table.rows()).containsExactly(List.of("ws-0042.contoso.com", "invoice.exe", "203.0.113.7", 443L));
        assertThat(table.columns().get(3).type()).isEqualTo(ResultTable.ColumnType.INT);
    }

    @Test
    void aForbiddenCallNamesThePermissionAndTheSessionGoesOn() throws Exception {
        String session = engine.sessions().create("analyst").id();
        graph.failNext("incidents", GraphReply.forbidden());

        PromptOutcome refused = engine.submit(session, "List the active high-severity Defender incidents",
                ProgressListener.NONE).outcome().get(90, TimeUnit.SECONDS);

        assertThat(refused.status()).isEqualTo(PromptOutcome.Status.FAILED);
        String said = refused.message() + refused.tasks().stream().map(t -> " " + t.result().markdown())
                .reduce("", String::concat);
        assertThat(said).contains("SecurityIncident.Read.All", "403");
        PromptOutcome again = ask(session, "List the active high-severity Defender incidents");
        assertThat(column(again, 0, "IncidentId")).containsExactly("2972395");
    }
}
