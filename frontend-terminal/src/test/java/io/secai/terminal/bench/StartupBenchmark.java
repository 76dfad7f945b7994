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
 * Measures the launcher as a user meets it, through {@code ./secai}:
 * <ol>
 *   <li>the time from starting {@code ./secai ask} to the first request reaching the model endpoint (the test kit's
 *       HTTPS fake, which notes the arrival), and to the process's exit;</li>
 *   <li>the resident memory (VmRSS from /proc) of the idle shell with the built-in plugins loaded.</li>
 * </ol>
 * Arguments: the repository root, then the number of {@code ask} runs (default 5).
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("secai-bench");
        AtomicLong firstRequest = new AtomicLong();
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

            List<Double> toRequest = new ArrayList<>();
            List<Double> toExit = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                firstRequest.set(0);
                long start = System.nanoTime();
                Process ask = launcher(repo, work, javaOpts, "--config", config.toString(), "ask", "say hello")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!ask.waitFor(120, TimeUnit.SECONDS) || ask.exitValue() != 0) {
                    ask.destroyForcibly();
                    throw new IllegalStateException("secai ask failed in run " + (i + 1));
                }
                long end = System.nanoTime();
                toRequest.add((firstRequest.get() - start) / 1e6);
                toExit.add((end - start) / 1e6);
            }
            System.out.printf(Locale.ROOT, "ask start -> first LLM request: median %.0f ms, min %.0f ms, max %.0f ms"
                    + " (%d runs)%n", median(toRequest), Collections.min(toRequest), Collections.max(toRequest), runs);
            System.out.printf(Locale.ROOT, "ask start -> exit (2 model calls): median %.0f ms%n", median(toExit));

            Process shell = launcher(repo, work, javaOpts, "--config", config.toString())
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
            System.out.printf(Locale.ROOT, "idle shell resident memory (VmRSS): %.1f MB; %s%n", rssKb / 1024.0,
                    plugins);
        }
    }

    private static ProcessBuilder launcher(Path repo, Path work, String javaOpts, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("secai").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("JAVA_OPTS", javaOpts);
        builder.environment().put("SECAI_SKIP_BUILD", "1");
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
