package io.secai.plugin.kql.query;

import io.secai.api.AccessToken;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeLogAnalytics.Reply;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real azure-monitor-query client against the HTTPS fake, in the service's wire format. */
class LogAnalyticsTest {
    private final List<Set<String>> scopesAsked = new CopyOnWriteArrayList<>();
    private FakeLogAnalytics fake;
    private LogAnalytics logs;

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() {
        fake = FakeLogAnalytics.start(FakeWorkspace.fromResource("/fake-workspace.json", LogAnalyticsTest.class));
        TokenProvider tokens = scopes -> {
            scopesAsked.add(scopes);
            return AccessToken.of("token", Instant.now().plusSeconds(3600));
        };
        logs = new LogAnalytics(fake.workspaceId(), Optional.of(fake.endpoint()), tokens, Duration.ofSeconds(90), 0,
                LogAnalytics.newHttpClient());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void returnsTypedRowsAndSendsTimespanAndServerTimeout() {
        QueryOutcome outcome = logs.query("SecurityIncident | take 5", Optional.of(Duration.ofDays(30)));

        ResultTable table = outcome.table();
        assertThat(table.columns()).extracting(ResultTable.Column::type).startsWith(
                ResultTable.ColumnType.DATETIME, ResultTable.ColumnType.INT, ResultTable.ColumnType.STRING);
        assertThat(table.rows()).hasSize(2);
        assertThat(table.rows().get(0)).startsWith("2026-11-24T10:00:00Z", 4113L, "Multi-stage attack on contoso-dc01");
        assertThat(outcome.warnings()).isEmpty();
        FakeLogAnalytics.RecordedQuery sent = fake.queries().get(0);
        assertThat(sent.query()).isEqualTo("SecurityIncident | take 5");
        assertThat(sent.timespan()).contains("PT720H");
        assertThat(sent.prefer()).hasValueSatisfying(p -> assertThat(p).contains("wait=90"));
        assertThat(sent.bearerToken()).isTrue();
        assertThat(scopesAsked).containsOnly(Set.of("https://localhost/.default"));
    }

    @Test
    void partialErrorsBecomeWarnings() {
        fake.enqueue(Reply.partialError("Query result set has exceeded the internal data size limit",
                List.of(new FakeWorkspace.Column("Title", "string")), List.of(List.of("one"))));

        QueryOutcome outcome = logs.query("SecurityIncident", Optional.empty());

        assertThat(outcome.table().rows()).containsExactly(List.of("one"));
        assertThat(outcome.warnings()).singleElement().asString().contains("partial results", "PartialError");
    }

    @Test
    void syntaxErrorsCarryTheServiceText() {
        fake.enqueue(Reply.syntaxError("Query could not be parsed at 'whre' on line [1,19]"));

        assertThatThrownBy(() -> logs.query("SecurityIncident | whre x", Optional.empty()))
                .isInstanceOfSatisfying(QueryRejectedException.class, e -> assertThat(e.serviceText())
                        .contains("BadArgumentError", "SyntaxError", "Query could not be parsed at 'whre'"));
    }

    @Test
    void gatewayTimeoutIsAClearTimeout() {
        fake.enqueue(Reply.gatewayTimeout());

        assertThatThrownBy(() -> logs.query("SecurityIncident", Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("504", "Narrow the time range");
                });
    }

    @Test
    void throttlingIsRetriedThenReported() {
        LogAnalytics retrying = new LogAnalytics(fake.workspaceId(), Optional.of(fake.endpoint()),
                scopes -> AccessToken.of("token", Instant.now().plusSeconds(3600)), Duration.ofSeconds(30), 1,
                LogAnalytics.newHttpClient());
        fake.enqueue(Reply.throttled(Duration.ZERO)).enqueue(Reply.throttled(Duration.ZERO));

        assertThatThrownBy(() -> retrying.query("SecurityIncident", Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.THROTTLED));
        assertThat(fake.queries()).hasSize(2);
    }

    @Test
    void unknownTablesAreRejectedLikeTheService() {
        assertThatThrownBy(() -> logs.query("NoSuchTable | take 1", Optional.empty()))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        e -> assertThat(e.serviceText()).contains("SemanticError", "NoSuchTable"));
    }
}
