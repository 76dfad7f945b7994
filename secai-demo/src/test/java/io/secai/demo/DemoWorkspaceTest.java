package io.secai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.secai.testkit.loganalytics.FakeLogAnalytics;

class DemoWorkspaceTest {

    private final Instant now = Instant.parse("2026-12-05T00:00:00Z");
    private final DemoWorkspace workspace = new DemoWorkspace(DemoData.workspace(now), now);

    private String answer(String query) {
        assertThat(workspace.reads(query)).as("reads " + query).isTrue();
        FakeLogAnalytics.Reply reply = workspace.answer(query);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    @Test
    void schemaAndSampleQueriesAreLeftToTheFake() {
        assertThat(workspace.reads("SecurityIncident | getschema | project ColumnName, ColumnType")).isFalse();
        assertThat(workspace.reads("union withsource=SecAiTable * | summarize by SecAiTable")).isFalse();
        assertThat(workspace.reads("SecurityIncident | take 3")).isFalse();
        assertThat(workspace.reads("NoSuchTable | where x == 1")).isFalse();
    }

    @Test
    void filtersLatestRowsAndProjectionAreApplied() {
        String incidents = answer("""
                SecurityIncident
                | where TimeGenerated > ago(30d)
                | summarize arg_max(TimeGenerated, *) by IncidentNumber
                | where Status == "New"
                | project IncidentNumber, Title
                | order by IncidentNumber desc""");
        assertThat(incidents).contains("2207", "2206").doesNotContain("2198", "Severity");

        String alerts = answer("SecurityAlert\n| where SystemAlertId in (\"" + DemoData.SPRAY_ALERT + "\")\n"
                + "| project SystemAlertId, AlertName");
        assertThat(alerts).contains(DemoData.SPRAY_ALERT).doesNotContain(DemoData.RULE_ALERT);

        String signIns = answer("SigninLogs\n| where TimeGenerated > ago(24h)\n"
                + "| where UserPrincipalName in~ (\"NORA.KIM@contoso-demo.com\")\n| project UserPrincipalName");
        assertThat(signIns).contains(DemoData.NORA).doesNotContain(DemoData.LIAM);
    }

    @Test
    void anUnknownIncidentSelectsNothing() {
        assertThat(answer("SecurityIncident\n| where IncidentNumber == 9999\n| project IncidentNumber"))
                .contains("\"rows\":[]");
    }

    @Test
    void hostileQueriesFinishQuickly() {
        String spaces = " ".repeat(3_900);
        String commas = ",".repeat(3_900);
        assertThat(workspace.reads("SigninLogs | project x" + " ".repeat(DemoWorkspace.MAX_QUERY))).isFalse();
        // Warm up first (the first reply builds Jackson's serializers, about a second on a loaded machine).
        workspace.answer("SigninLogs | project UserPrincipalName");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 10; i++) {
                workspace.reads("SigninLogs |" + spaces + "project" + spaces);
                workspace.answer("SigninLogs | project" + spaces + commas + " x");
                workspace.answer("SigninLogs | where UserPrincipalName in~ (" + "\"a\",".repeat(1_900) + ")");
                workspace.answer("SigninLogs | where TimeGenerated > ago(99999999999999999999999d)");
            }
        });
    }
}
