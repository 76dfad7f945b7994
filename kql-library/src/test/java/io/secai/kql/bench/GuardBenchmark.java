package io.secai.kql.bench;

import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Guard false alarms on the NL2KQL Defender gold queries, all valid KQL for their schema: every flag is a false
 * alarm. Run it with {@code bench/kql-guard.sh}.
 */
public final class GuardBenchmark {
    private GuardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> folder = Nl2KqlData.locate();
        if (folder.isEmpty()) {
            return;
        }
        Nl2KqlData data = Nl2KqlData.load(folder.get(), false);
        KqlGuard guard = new KqlGuard(data.schema(), GuardOptions.defaults());
        int flagged = 0;
        int capped = 0;
        for (Nl2KqlData.Case c : data.cases()) {
            GuardReport report = guard.check(c.goldKql());
            if (!report.passed()) {
                flagged++;
                System.out.println("FALSE ALARM " + report.flags() + "\n" + c.goldKql() + "\n");
            }
            if (report.rowCapAdded()) {
                capped++;
            }
        }
        System.out.printf("kql guard on %s: %d gold queries, %d flagged (false alarms), %d given a row cap%n",
                folder.get(), data.cases().size(), flagged, capped);
    }
}
