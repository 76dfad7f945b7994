package io.secai.engine.bench;

import io.secai.engine.config.SecretRedactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How fast the redactor masks text: MB/s over log-like lines without secrets (the common case) and with a secret or a
 * bearer token in every tenth line, for the five secret settings, and over hostile text; and how long building the
 * pattern takes. Prints medians of 5 rounds; asserts nothing.
 */
public final class RedactionBenchmark {

    private RedactionBenchmark() {
    }

    public static void main(String[] args) {
        List<String> secrets = List.of("sk-live-0123456789abcdef0123", "abc8Q~SECRET.fG+h/Ij=kL mn~0pQ",
                "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJl-x_y", "W3b-T0ken_with.enough~variety+/=0123456",
                "keystore pass/with \"quotes\"");
        long buildStart = System.nanoTime();
        SecretRedactor redactor = null;
        for (int i = 0; i < 100; i++) {
            redactor = new SecretRedactor(secrets);
        }
        double buildMicros = (System.nanoTime() - buildStart) / 100 / 1e3;
        Random random = new Random(7);
        List<String> clean = new ArrayList<>();
        List<String> dirty = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String line = "2026-01-01T00:00:00Z INFO [secai-prompt-" + random.nextInt(99) + "] io.secai.engine - "
                    + "SigninLogs | where TimeGenerated > ago(" + random.nextInt(30) + "d) | summarize count() by "
                    + "UserPrincipalName, IPAddress | take 100 — https://api.loganalytics.io/v1/workspaces/"
                    + Long.toHexString(random.nextLong());
            clean.add(line);
            dirty.add(i % 10 == 0 ? line + " Authorization: Bearer " + secrets.get(2) + " key=" + secrets.get(1)
                    : line);
        }
        System.out.printf(Locale.ROOT, "building the pattern for %d secrets: %.0f µs%n", secrets.size(), buildMicros);
        report("log lines, no secret", redactor, clean);
        report("log lines, a secret in every 10th", redactor, dirty);
        // Shapes that make a backtracking pattern retry at every position; 100 KB of the first took 54 s before
        // the JWT pattern was anchored. 64 KB lines, the most a plugin command's masking stream holds at once.
        for (String unit : List.of("-eyJa", "bearer ", "%7E")) {
            report("hostile 64 KB lines of '" + unit.strip() + "'", redactor,
                    java.util.Collections.nCopies(16, unit.repeat(65_536 / unit.length())));
        }
    }

    private static void report(String name, SecretRedactor redactor, List<String> lines) {
        long bytes = lines.stream().mapToLong(String::length).sum();
        List<Double> rates = new ArrayList<>();
        long sink = 0;
        for (int round = 0; round < 7; round++) {
            long start = System.nanoTime();
            for (String line : lines) {
                sink += redactor.redact(line).length();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 2) {
                rates.add(bytes / 1e6 / seconds);
            }
        }
        rates.sort(Double::compare);
        System.out.printf(Locale.ROOT, "%-36s %8.1f MB/s (median of 5, %d lines of %d chars on average; %d)%n", name,
                rates.get(2), lines.size(), bytes / lines.size(), sink % 10);
    }
}
