package io.secai.plugin.defender;

import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TaskResult;
import io.secai.testkit.graph.FakeGraph;
import io.secai.testkit.graph.GraphReply;
import io.secai.testkit.graph.SecurityData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Incidents, one incident's alerts and the alerts' evidence, through the real client and the HTTPS Graph fake. */
class IncidentsTest {
    @TempDir
    Path dir;

    private GraphWorld world;

    private GraphWorld world(Map<String, String> settings) {
        world = new GraphWorld(dir, settings).withIncidents();
        return world;
    }

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    private static List<Object> column(ResultTable table, String name) {
        int index = table.columnIndex(name);
        return table.rows().stream().map(row -> row.get(index)).toList();
    }

    @Test
    void listsIncidentsWithTheFiltersAsODataNewestFirstWithAGraphToken() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.LIST, "active high incidents",
                Map.of("status", "Active", "severity", "high", "assigned-to", "analyst@contoso.com"));

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        ResultTable table = result.table().orElseThrow();
        assertThat(column(table, "IncidentId")).containsExactly("2972395");
        assertThat(table.columns().get(table.columnIndex("CreatedDateTime")).type())
                .isEqualTo(ResultTable.ColumnType.DATETIME);
        FakeGraph.Request request = w.graph.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1.0/security/incidents");
        assertThat(request.query()).containsEntry("$filter",
                "status eq 'active' and severity eq 'high' and assignedTo eq 'analyst@contoso.com'")
                .containsEntry("$orderby", "createdDateTime desc").containsEntry("$top", "50");
        assertThat(request.bearerToken()).isTrue();
        assertThat(w.scopes).containsOnly(java.util.Set.of(w.graph.baseUrl().replace("/v1.0", "/.default")));
    }

    @Test
    void followsNextLinksUpToThePageCapAndSaysWhenItStopped() {
        GraphWorld w = world(Map.of("plugins.defender-xdr.max-pages", "2"));
        w.graph.pageSize(1);

        TaskResult result = w.run(DefenderXdrPlugin.LIST, "all incidents", Map.of());

        assertThat(column(result.table().orElseThrow(), "IncidentId")).containsExactly("2972395", "2972396");
        assertThat(result.table().orElseThrow().truncated()).isTrue();
        assertThat(result.warnings()).anySatisfy(w2 -> assertThat(w2).contains("max-pages"));
        assertThat(w.graph.requests()).hasSize(2);
        assertThat(w.graph.requests().get(1).query()).containsEntry("$skiptoken", "1");
    }

    @Test
    void anInputCannotAddFilterClauses() {
        GraphWorld w = world(Map.of());
        TaskResult quoted = w.run(DefenderXdrPlugin.LIST, "x",
                Map.of("assigned-to", "x' or status eq 'resolved"));
        assertThat(w.graph.requests().get(0).query().get("$filter"))
                .isEqualTo("assignedTo eq 'x'' or status eq ''resolved'");
        assertThat(quoted.table().orElseThrow().rows()).isEmpty();

        TaskResult badStatus = w.run(DefenderXdrPlugin.LIST, "x", Map.of("status", "active' or 1 eq 1"));
        assertThat(badStatus.succeeded()).isFalse();
        assertThat(badStatus.markdown()).contains("is not one Graph knows", "active, inProgress");
        assertThat(w.graph.requests()).hasSize(1);
    }

    @Test
    void sinceBecomesACreatedDateTimeBound() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.LIST, "x", Map.of("since", "2026-11-01"));
        assertThat(w.graph.requests().get(0).query().get("$filter"))
                .isEqualTo("createdDateTime ge 2026-11-01T00:00:00Z");
        assertThat(column(result.table().orElseThrow(), "IncidentId")).containsExactly("2972395", "2972396");
    }

    @Test
    void oneIncidentComesWithItsAlerts() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.DETAILS, "show incident 2972395", Map.of());

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(result.markdown()).contains("2972395", "severity high", "2 alerts");
        ResultTable alerts = result.table().orElseThrow();
        assertThat(column(alerts, "AlertId")).containsExactly("da6375_1", "da6375_2");
        assertThat(column(alerts, "EvidenceCount")).containsExactly(3L, 3L);
        assertThat(w.graph.requests().get(0).query()).containsEntry("$expand", "alerts");
    }

    @Test
    void evidenceIsOneTypedRowPerEntity() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.EVIDENCE, "evidence", Map.of("incident-id", "2972395"));

        ResultTable evidence = result.table().orElseThrow();
        assertThat(column(evidence, "EvidenceType"))
                .containsExactly("mailbox", "user", "ip", "device", "file", "user");
        assertThat(column(evidence, "UserPrincipalName")).contains("megan@contoso.com", "adele@contoso.com");
        assertThat(column(evidence, "IpAddress")).contains("203.0.113.7");
        assertThat(column(evidence, "DeviceName")).contains("ws-0042.contoso.com");
        assertThat(column(evidence, "Sha256"))
                .contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(column(evidence, "MailboxAddress")).contains("megan@contoso.com");
        assertThat(result.markdown()).contains("2 user", "1 device", "1 ip", "1 file", "1 mailbox",
                "Users: megan@contoso.com, adele@contoso.com");

        TaskResult oneAlert = w.run(DefenderXdrPlugin.EVIDENCE, "evidence", Map.of("alert-id", "da6375_2"));
        assertThat(column(oneAlert.table().orElseThrow(), "EvidenceType")).containsExactly("device", "file",
                "user");
        assertThat(w.graph.requests().get(1).path()).isEqualTo("/v1.0/security/alerts_v2/da6375_2");
    }

    @Test
    void aBadIncidentIdNeverReachesGraph() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.DETAILS, "x", Map.of("incident-id", "../alerts_v2?$top=999"));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("is a number");
        assertThat(w.graph.requests()).isEmpty();
    }

    @Test
    void aThrottledCallWaitsAsAskedAndTheProgressSaysSo() {
        GraphWorld w = world(Map.of());
        w.graph.failNext("incidents", GraphReply.throttled(1));
        var context = w.context(null);

        TaskResult result = w.run(DefenderXdrPlugin.LIST, "x", Map.of(), context);

        assertThat(result.succeeded()).isTrue();
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line).contains("throttling (429)",
                "waiting 1 s"));
        assertThat(w.graph.requests()).hasSize(2);
    }

    @Test
    void throttlingPastTheBudgetFailsWithoutWaiting() {
        GraphWorld w = world(Map.of());
        w.graph.failNext("incidents", GraphReply.throttled(3600));
        long started = System.nanoTime();

        assertThatThrownBy(() -> w.run(DefenderXdrPlugin.LIST, "x", Map.of()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
                    assertThat(e.getMessage()).contains("throttle-budget", "3600 s");
                });
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }

    @Test
    void aForbiddenCallNamesThePermission() {
        GraphWorld w = world(Map.of());
        w.graph.failNext("incidents", GraphReply.forbidden());
        assertThatThrownBy(() -> w.run(DefenderXdrPlugin.LIST, "x", Map.of()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("403", "SecurityIncident.Read.All",
                            "Insufficient privileges");
                });
        w.graph.failNext("incidents", GraphReply.forbidden());
        assertThatThrownBy(() -> w.run(DefenderXdrPlugin.EVIDENCE, "x", Map.of("incident-id", "2972395")))
                .hasMessageContaining("SecurityAlert.Read.All");
    }

    @Test
    void anUnknownIncidentIsAPlainFailure() {
        GraphWorld w = world(Map.of());
        TaskResult result = w.run(DefenderXdrPlugin.DETAILS, "x", Map.of("incident-id", "1"));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("404", "NotFound");
    }

    @Test
    void aNewIncidentAddedLaterIsListed() {
        GraphWorld w = world(Map.of());
        w.graph.incident(SecurityData.incident("2972400", "New", "low", "active", "2026-12-01T00:00:00Z", null));
        TaskResult result = w.run(DefenderXdrPlugin.LIST, "x", Map.of("severity", "low"));
        assertThat(column(result.table().orElseThrow(), "IncidentId")).containsExactly("2972400");
    }
}
