package io.secai.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prompts per second and per-prompt latency through the web frontend, at 1, 8 and 32 concurrent sessions, each a
 * script that creates its session, sends a prompt ({@code POST /api/sessions/{id}/prompts}) and reads its event stream
 * to the {@code outcome} event, again and again. Loopback only; bounded by a prompt count and a time per level.
 *
 * <p>Arguments: {@code [seconds-per-level] [max-prompts-per-level]} (defaults 10 and 2000).
 */
public final class WebThroughputBenchmark {

    private static final int[] CONCURRENCY = {1, 8, 32};

    private WebThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration perLevel = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int maxPrompts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (BenchTarget target = BenchTarget.start(java.nio.file.Files.createTempDirectory("secai-web-bench-"))) {
            System.out.println("web-throughput: " + target.description());
            System.out.printf(Locale.ROOT, "%-11s %8s %10s %9s %9s %9s%n",
                    "sessions", "prompts", "prompts/s", "p50 ms", "p99 ms", "max ms");
            run(target, 1, Duration.ofSeconds(3), 200, false);
            for (int sessions : CONCURRENCY) {
                run(target, sessions, perLevel, maxPrompts, true);
            }
        }
    }

    private static void run(BenchTarget target, int sessions, Duration limit, int maxPrompts, boolean print)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger budget = new AtomicInteger(maxPrompts);
        long deadline = System.nanoTime() + limit.toNanos();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            workers.add(pool.submit(() -> {
                Browserless client = Browserless.withBearer(target.server(), target.server().token());
                String session = client.createSession();
                int n = 0;
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    long began = System.nanoTime();
                    List<Browserless.Event> events = client.ask(session, target.prompt(n++));
                    String status = events.get(events.size() - 1).data().path("status").asText();
                    if (!status.equals("SUCCEEDED")) {
                        throw new IllegalStateException("a prompt ended " + status + ": " + events);
                    }
                    latencies.add(System.nanoTime() - began);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (print) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "%-11d %8d %10.1f %9.2f %9.2f %9.2f%n", sessions, sorted.size(),
                    sorted.size() / seconds, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
                    millis(sorted.get(sorted.size() - 1)));
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
