package io.secai.plugin.kql.query;

import io.secai.api.AccessToken;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TaskCancelledException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Log Analytics client against the HTTPS fake, in the service's wire format. */
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
    void throttlingFollowsRetryAfterWithinTheBudgetAndShowsTheTimeLeft() {
        LogAnalytics patient = client(new ResponseLimits(100, 1 << 20, 0, Duration.ofSeconds(5)));
        fake.enqueue(Reply.throttled(Duration.ofSeconds(1))).enqueue(Reply.throttled(Duration.ofSeconds(2)));
        List<String> waits = new CopyOnWriteArrayList<>();

        QueryOutcome outcome = patient.query("SecurityIncident | take 5", Optional.empty(),
                (delay, reason) -> waits.add(delay.toSeconds() + ": " + reason));

        assertThat(outcome.table().rows()).hasSize(2);
        assertThat(fake.queries()).hasSize(3);
        assertThat(waits).containsExactly(
                "1: throttled (HTTP 429), waiting 1 s as the service asks; 4 s of the 5 s throttling budget left "
                        + "after this wait",
                "2: throttled (HTTP 429), waiting 2 s as the service asks; 2 s of the 5 s throttling budget left "
                        + "after this wait");
    }

    @Test
    void throttlingLongerThanTheBudgetGivesUpAtOnceNamingTheSetting() {
        LogAnalytics patient = client(new ResponseLimits(100, 1 << 20, 3, Duration.ofSeconds(2)));
        fake.enqueue(Reply.throttled(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> patient.query("SecurityIncident", Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
                    assertThat(e.getMessage()).contains("the service asks for 30 s more",
                            "plugins.sentinel-kql.throttle-budget is 2 s");
                });
        assertThat(fake.queries()).hasSize(1);
    }

    @Test
    void cancelDuringASlowQueryAbortsTheCallInsteadOfRetrying() throws Exception {
        LogAnalytics retrying = client(new ResponseLimits(100, 1 << 20, 3, Duration.ofSeconds(60)));
        fake.enqueue(Reply.table(List.of(new FakeWorkspace.Column("Title", "string")), List.of(List.of("late")))
                .withDelay(Duration.ofSeconds(60)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                retrying.query("SecurityIncident", Optional.empty());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        await(() -> fake.queries().size() == 1);

        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(TaskCancelledException.class);
        // azure-core's retry policy used to send the aborted query again about a second later.
        Thread.sleep(2_000);
        assertThat(fake.queries()).hasSize(1);
    }

    @Test
    void fiveHundredThousandRowsAreConvertedInOnePassAndCappedWithTheirCount() {
        LogAnalytics capped = client(new ResponseLimits(2_000, 256L << 20, 0, Duration.ZERO));
        fake.enqueue(Reply.raw(WireRows.json(500_000)));

        QueryOutcome outcome = capped.query("SecurityEvent", Optional.empty());

        ResultTable table = outcome.table();
        assertThat(table.columns()).extracting(ResultTable.Column::type).containsExactly(
                ResultTable.ColumnType.DATETIME, ResultTable.ColumnType.STRING, ResultTable.ColumnType.INT,
                ResultTable.ColumnType.REAL, ResultTable.ColumnType.BOOL, ResultTable.ColumnType.DYNAMIC);
        assertThat(table.rows()).hasSize(2_000);
        assertThat(table.totalRows()).isEqualTo(500_000);
        assertThat(table.truncated()).isTrue();
        assertThat(table.rows().get(1999)).containsExactly("2026-11-24T10:00:00Z", "host-1999", 4624L, 1999.5,
                false, "{\"ip\":\"10.0.7.207\",\"ports\":[1999]}");
        assertThat(outcome.warnings()).singleElement().asString()
                .contains("returned 500,000 rows", "keeps the first 2,000", "plugins.sentinel-kql.max-result-rows");
    }

    @Test
    void answerOverTheByteCapIsCutWhereTheCapIsAndSaysSo() {
        LogAnalytics small = client(new ResponseLimits(1_000_000, 64 * 1024, 0, Duration.ZERO));
        fake.enqueue(Reply.raw(WireRows.json(50_000)));

        QueryOutcome outcome = small.query("SecurityEvent", Optional.empty());

        assertThat(outcome.table().truncated()).isTrue();
        assertThat(outcome.table().rows()).hasSizeBetween(100, 1_000);
        assertThat(outcome.table().totalRows()).isEqualTo(outcome.table().rows().size());
        assertThat(outcome.warnings()).singleElement().asString()
                .contains("larger than 65,536 bytes", "plugins.sentinel-kql.max-response-mib");
    }

    @Test
    void hostileResponsesAreClearFailuresNotCrashes() {
        fake.enqueue(Reply.raw("{\"tables\": [{\"columns\": [{\"name\": \"D\", \"type\": \"dynamic\"}], "
                + "\"rows\": [[" + "[".repeat(100_000)));
        fake.enqueue(Reply.raw("<html>proxy error</html>"));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> logs.query("SecurityEvent", Optional.empty()))
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage())
                            .contains("the answer could not be read"));
        }
    }

    private LogAnalytics client(ResponseLimits limits) {
        return new LogAnalytics(fake.workspaceId(), Optional.of(fake.endpoint()),
                scopes -> AccessToken.of("token", Instant.now().plusSeconds(3600)), Duration.ofSeconds(30), limits,
                LogAnalytics.newHttpClient());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void unknownTablesAreRejectedLikeTheService() {
        assertThatThrownBy(() -> logs.query("NoSuchTable | take 1", Optional.empty()))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        e -> assertThat(e.serviceText()).contains("SemanticError", "NoSuchTable"));
    }
}
