package io.secai.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Prompts per second and per-prompt latency through the web frontend over the real engine and plugins, at 1, 8 and
 * 32 concurrent sessions. Each session is a script that creates its session, then again and again sends a prompt
 * ({@code POST /api/sessions/{id}/prompts}) and reads its event stream to the {@code outcome} event: a session runs
 * one prompt at a time, as the server demands.
 *
 * <p>The fakes answer at once, so the end-to-end latency ("p50/p99 ms") is what SecAI adds plus the fakes' own work
 * (their side of HTTPS, JSON, counting tokens), which the benchmark cannot take apart and which competes for the same
 * CPUs: an upper bound of SecAI's share. "engine p50" is the engine's own measure of a run (planning, tasks, model
 * calls, saving the turn and the audit entry); the rest of the end-to-end time is the web layer (HTTP, SSE, JSON)
 * and waiting for a CPU. The machine's load average is printed, since other work on it skews every number. Loopback
 * only; every level is bounded by a time and a prompt count.
 *
 * <p>Arguments: {@code [seconds-per-level] [max-prompts-per-level]} (defaults 10 and 2000).
 */
public final class WebThroughputBenchmark {

    private static final int[] CONCURRENCY = {1, 8, 32};
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final int WARM_UP_SESSIONS = 8;
    private static final int WARM_UP_PROMPTS = 1000;

    private WebThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration perLevel = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int maxPrompts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path work = Files.createTempDirectory("secai-web-bench-");
        try (BenchTarget target = BenchTarget.start(work)) {
            System.out.println("web-throughput: " + target.description());
            System.out.printf(Locale.ROOT, "%s per level at most, %d prompts per level at most, %d CPUs, "
                    + "load average %.1f%n", perLevel, maxPrompts, Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            System.out.printf(Locale.ROOT, "%-8s %8s %8s %10s %8s %8s %10s %11s%n", "plan", "sessions",
                    "prompts", "prompts/s", "p50 ms", "p99 ms", "engine p50", "model calls");
            // Both plans first, so that every measured level runs on compiled code, not the first one alone.
            for (BenchTarget.Scenario scenario : BenchTarget.Scenario.values()) {
                run(target, scenario, WARM_UP_SESSIONS, WARM_UP, WARM_UP_PROMPTS);
            }
            for (BenchTarget.Scenario scenario : BenchTarget.Scenario.values()) {
                for (int sessions : CONCURRENCY) {
                    System.out.println(run(target, scenario, sessions, perLevel, maxPrompts).line());
                }
            }
            System.out.printf(Locale.ROOT, "load average at the end %.1f%n", loadAverage());
        } finally {
            deleteTree(work);
        }
    }

    private static Level run(BenchTarget target, BenchTarget.Scenario scenario, int sessions, Duration limit,
                             int maxPrompts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> engineMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger budget = new AtomicInteger(maxPrompts);
        int callsBefore = target.modelCalls();
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            workers.add(pool.submit(() -> {
                Browserless client = Browserless.withBearer(target.server(), target.server().token());
                String session = client.createSession();
                int n = 0;
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    long began = System.nanoTime();
                    List<Browserless.Event> events = client.ask(session, scenario.prompt(n++));
                    long took = System.nanoTime() - began;
                    Browserless.Event outcome = events.get(events.size() - 1);
                    String status = outcome.data().path("status").asText();
                    if (!status.equals("SUCCEEDED")) {
                        throw new IllegalStateException("a prompt ended " + status + ": " + outcome.data());
                    }
                    latencies.add(took);
                    engineMillis.add(outcome.data().path("elapsedMillis").asLong());
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Comparator.naturalOrder());
        List<Long> engine = new ArrayList<>(engineMillis);
        engine.sort(Comparator.naturalOrder());
        return new Level(scenario.label(), sessions, sorted.size(), sorted.size() / seconds,
                millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)), percentile(engine, 0.50),
                (double) (target.modelCalls() - callsBefore) / sorted.size());
    }

    private record Level(String plan, int sessions, int prompts, double perSecond, double p50, double p99,
                         long engineP50, double callsPerPrompt) {
        String line() {
            return String.format(Locale.ROOT, "%-8s %8d %8d %10.1f %8.1f %8.1f %10d %11.1f", plan, sessions,
                    prompts, perSecond, p50, p99, engineP50, callsPerPrompt);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the benchmark's temp folder " + root, e);
                }
            });
        }
    }
}
