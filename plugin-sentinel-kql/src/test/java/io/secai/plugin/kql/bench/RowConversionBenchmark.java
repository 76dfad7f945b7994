package io.secai.plugin.kql.bench;

import io.secai.api.AccessToken;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.query.QueryOutcome;
import io.secai.plugin.kql.query.ResponseLimits;
import io.secai.plugin.kql.query.WireRows;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.tls.TestTls;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Time to read and convert large query answers: the real client over HTTPS against the fake, every row kept
 * (caps out of the way), 6 typed columns per row. Prints ms per 100k rows for each size; linear conversion keeps
 * that figure flat as the answer grows.
 */
public final class RowConversionBenchmark {

    private RowConversionBenchmark() {
    }

    public static void main(String[] args) {
        TestTls.shared().installAsJvmDefault();
        int[] sizes = {100_000, 200_000, 500_000};
        int runs = 3;
        try (FakeLogAnalytics fake = FakeLogAnalytics.start(FakeWorkspace.empty())) {
            LogAnalytics logs = new LogAnalytics(fake.workspaceId(), Optional.of(fake.endpoint()),
                    scopes -> AccessToken.of("token", Instant.now().plusSeconds(3600)), Duration.ofSeconds(60),
                    new ResponseLimits(1_000_000, 1L << 30, 0, Duration.ZERO), LogAnalytics.newHttpClient());
            System.out.println("| rows | answer MB | median ms | ms per 100k rows |");
            System.out.println("|---|---|---|---|");
            for (int size : sizes) {
                String body = WireRows.json(size);
                long[] times = new long[runs];
                for (int run = -1; run < runs; run++) {
                    fake.enqueue(FakeLogAnalytics.Reply.raw(body));
                    long start = System.nanoTime();
                    QueryOutcome outcome = logs.query("SecurityEvent", Optional.empty());
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    if (outcome.table().rows().size() != size) {
                        throw new IllegalStateException("expected " + size + " rows, got "
                                + outcome.table().rows().size());
                    }
                    if (run >= 0) {
                        times[run] = millis;
                    }
                }
                Arrays.sort(times);
                long median = times[runs / 2];
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %d | %.0f |%n", size, body.length() / 1e6, median,
                        median * 100_000.0 / size);
            }
        }
    }

}
