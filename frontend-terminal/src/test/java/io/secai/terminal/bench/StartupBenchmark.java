package io.secai.terminal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

/**
 * Measures the launcher as a user meets it, through {@code ./secai}, without and with class-data sharing (AppCDS,
 * {@code SECAI_CDS=0} versus the launcher's default):
 * <ol>
 *   <li>{@code --version} and {@code --help}: wall time to exit, and the CPU time the process used (user + system,
 *       from {@code /usr/bin/time} when installed), which a loaded machine distorts less than the wall time;</li>
 *   <li>the time from starting {@code ./secai ask} to the first request reaching the model endpoint (the test kit's
 *       HTTPS fake, which notes the arrival), and to the process's exit;</li>
 *   <li>the resident memory (VmRSS from /proc) of the idle shell with the built-in plugins loaded.</li>
 * </ol>
 * The CDS archive is made afresh: the first {@code ask} records the classes (its time is printed too), then the
 * benchmark waits for the launcher's background archiving. The load average is printed before and after, since
 * figures from a shared machine mean little without it. Arguments: the repository root, then the number of runs of
 * each measurement (default 5).
 */
public final class StartupBenchmark {
    private static final Path TIME = Path.of("/usr/bin/time");

    private StartupBenchmark() {
    }

    /** Wall and CPU milliseconds of one run; CPU is NaN without /usr/bin/time. */
    private record Timing(double wallMillis, double cpuMillis) {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("secai-bench");
        AtomicLong firstRequest = new AtomicLong();
        System.out.println("load average before: " + load());
        try (FakeOpenAi openAi = FakeOpenAi.start()) {
            openAi.respondWith(call -> {
                firstRequest.compareAndSet(0, System.nanoTime());
                return call.schemaName().isPresent()
                        ? Reply.text("{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"answer\","
                                + "\"instruction\":\"Say hello\",\"inputs\":[]}]}")
                        : Reply.text("Hello.");
            });
            Path config = work.resolve("application.conf");
            Files.writeString(config, "secai.data-dir = \"" + work.resolve("data") + "\"\n"
                    + "openai.endpoint = \"" + openAi.endpoint() + "\"\n"
                    + "openai.api-key = \"bench-key\"\nopenai.deployment = \"bench\"\nazure.auth = \"none\"\n");
            // BENCH_JAVA_OPTS adds JVM flags to compare, for example -XX:TieredStopAtLevel=1.
            String javaOpts = String.join(" ", TestTls.shared().javaTrustOptions(work.resolve("tls"))) + " "
                    + System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
            Path cds = repo.resolve("frontend-terminal/target/cds");
            deleteArchives(cds);
            for (boolean withCds : new boolean[] {false, true}) {
                String mode = withCds ? "with AppCDS" : "without AppCDS";
                if (withCds) {
                    firstRequest.set(0);
                    long start = System.nanoTime();
                    run(launcher(repo, work, javaOpts, true, "--config", config.toString(), "ask", "say hello"));
                    System.out.printf(Locale.ROOT, "%s: first ask (records the classes): %.0f ms to first request%n",
                            mode, (firstRequest.get() - start) / 1e6);
                    Path archive = awaitArchive(cds);
                    System.out.printf(Locale.ROOT, "%s: archive %s, %.1f MB%n", mode, archive.getFileName(),
                            Files.size(archive) / 1e6);
                }
                for (String flag : List.of("--version", "--help")) {
                    List<Timing> timings = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        timings.add(timed(repo, work, javaOpts, withCds, "--config", config.toString(), flag));
                    }
                    print(mode + ": " + flag, timings);
                }
                List<Double> toRequest = new ArrayList<>();
                List<Timing> toExit = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    firstRequest.set(0);
                    long start = System.nanoTime();
                    Timing timing = timed(repo, work, javaOpts, withCds, "--config", config.toString(), "ask",
                            "say hello");
                    toRequest.add((firstRequest.get() - start) / 1e6);
                    toExit.add(timing);
                }
                System.out.printf(Locale.ROOT, "%s: ask start -> first LLM request: median %.0f ms, min %.0f ms, "
                        + "max %.0f ms (%d runs)%n", mode, median(toRequest), Collections.min(toRequest),
                        Collections.max(toRequest), runs);
                print(mode + ": ask start -> exit (2 model calls)", toExit);
                System.out.printf(Locale.ROOT, "%s: idle shell resident memory (VmRSS): %s%n", mode,
                        idleShell(repo, work, javaOpts, withCds, config));
            }
        }
        System.out.println("load average after: " + load());
    }

    private static void print(String what, List<Timing> timings) {
        List<Double> wall = timings.stream().map(Timing::wallMillis).toList();
        List<Double> cpu = timings.stream().map(Timing::cpuMillis).filter(v -> !v.isNaN()).toList();
        System.out.printf(Locale.ROOT, "%s: wall median %.0f ms (min %.0f, max %.0f)%s (%d runs)%n", what,
                median(wall), Collections.min(wall), Collections.max(wall),
                cpu.isEmpty() ? "" : String.format(Locale.ROOT, ", CPU median %.0f ms", median(cpu)), wall.size());
    }

    private static Timing timed(Path repo, Path work, String javaOpts, boolean cds, String... args)
            throws Exception {
        Path times = Files.createTempFile(work, "time", ".txt");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TIME)) {
            command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", times.toString()));
        }
        command.add(repo.resolve("secai").toString());
        command.addAll(List.of(args));
        long start = System.nanoTime();
        run(environment(new ProcessBuilder(command).directory(work.toFile()), javaOpts, cds));
        double wall = (System.nanoTime() - start) / 1e6;
        double cpu = Double.NaN;
        List<String> lines = Files.readAllLines(times);
        if (!lines.isEmpty()) {
            String[] parts = lines.get(lines.size() - 1).trim().split("\\s+");
            cpu = (Double.parseDouble(parts[0]) + Double.parseDouble(parts[1])) * 1000;
        }
        return new Timing(wall, cpu);
    }

    private static void run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("secai " + builder.command() + " failed");
        }
    }

    private static String idleShell(Path repo, Path work, String javaOpts, boolean cds, Path config)
            throws Exception {
        Process shell = launcher(repo, work, javaOpts, cds, "--config", config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        while (!banner.toString().endsWith("secai> ")) {
            int c = out.read();
            if (c < 0) {
                throw new IllegalStateException("the shell ended before its prompt: " + banner);
            }
            banner.append((char) c);
        }
        Thread.sleep(3000);
        long rssKb = rss(shell.pid());
        String plugins = banner.toString().lines().filter(l -> l.startsWith("Plugins:")).findFirst().orElse("");
        try (OutputStream in = shell.getOutputStream()) {
            in.write("bye\n".getBytes(StandardCharsets.UTF_8));
        }
        shell.waitFor(30, TimeUnit.SECONDS);
        return String.format(Locale.ROOT, "%.1f MB; %s", rssKb / 1024.0, plugins);
    }

    private static void deleteArchives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return;
        }
        try (var files = Files.list(cds)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The launcher archives in the background after the recording run; waits for the archive to appear. */
    private static Path awaitArchive(Path cds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cds)) {
                try (var files = Files.list(cds)) {
                    var archive = files.filter(f -> f.getFileName().toString().matches("secai-.*\\.jsa"))
                            .findFirst();
                    if (archive.isPresent()) {
                        return archive.get();
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no CDS archive in " + cds + " after 300 s; see " + cds.resolve("dump.log"));
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min) on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static ProcessBuilder launcher(Path repo, Path work, String javaOpts, boolean cds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("secai").toString());
        command.addAll(List.of(args));
        return environment(new ProcessBuilder(command).directory(work.toFile()), javaOpts, cds);
    }

    private static ProcessBuilder environment(ProcessBuilder builder, String javaOpts, boolean cds) {
        builder.environment().put("JAVA_OPTS", javaOpts);
        builder.environment().put("SECAI_SKIP_BUILD", "1");
        builder.environment().put("SECAI_CDS", cds ? "1" : "0");
        builder.environment().keySet().removeIf(name -> name.startsWith("AZURE_"));
        return builder;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
