package io.secai.terminal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.secai.terminal.launcher.FaultInjection;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.tls.TestTls;

/**
 * The kill -9 loop through {@code ./secai} as a user runs it: {@link FaultInjection} with each {@code ask} started by
 * the launcher, on a fresh data folder, against the test kit's HTTPS fake of Azure OpenAI. Prints what was killed
 * and what was found in the data folder afterwards.
 * Arguments: the repository root, the number of kills (default 50), the seed (default 1), the most minutes to spend
 * killing (default 120; the data folder is checked either way and the kills made are reported).
 */
public final class FaultInjectionBenchmark {
    private FaultInjectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Duration budget = Duration.ofMinutes(args.length > 3 ? Long.parseLong(args[3]) : 120);
        Path work = Files.createTempDirectory("secai-fault");
        Path home = Files.createDirectories(work.resolve("home"));
        try (EngineFixture fixture = new EngineFixture(work)) {
            Path config = work.resolve("application.conf");
            Files.writeString(config, fixture.applicationConf());
            String javaOpts = String.join(" ", TestTls.shared().javaTrustOptions(work.resolve("tls")));
            FaultInjection.Launcher launcher = launcherArgs -> {
                List<String> command = new ArrayList<>(List.of(repo.resolve("secai").toString(), "--plugins-dir",
                        fixture.pluginsDir().toString()));
                command.addAll(List.of(launcherArgs));
                ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
                builder.environment().put("JAVA_OPTS", javaOpts);
                builder.environment().put("SECAI_SKIP_BUILD", "1");
                builder.environment().put("HOME", home.toString());
                builder.environment().keySet().removeIf(name -> name.startsWith("AZURE_")
                        || name.startsWith("OPENAI_"));
                return builder.start();
            };
            long start = System.nanoTime();
            FaultInjection.Report report = new FaultInjection(fixture.openAi(), fixture.dataDir(), config, launcher,
                    Duration.ofMillis(600), seed).run(kills, budget, line -> System.err.println(line));
            double minutes = (System.nanoTime() - start) / 6e10;
            System.out.printf(Locale.ROOT, "kill -9 mid-prompt: %d (%d more asks ended before their kill came); "
                    + "%.1f min%n", report.kills(), report.endedBeforeKill(), minutes);
            System.out.printf(Locale.ROOT, "corrupted files: %d; lost turns: %d (of %d finished prompts); "
                    + "duplicated turns: %d%n", report.corruptedFiles(), report.lostTurns(),
                    report.completedPrompts(), report.duplicatedTurns());
            System.out.printf(Locale.ROOT, "audit: %d torn lines, %d finished prompts without an end record, %d "
                    + "starts never closed; %d of %d killed prompts on record%n", report.tornAuditLines(),
                    report.unauditedPrompts(), report.unclosedPrompts(), report.killedOnRecord(), report.kills());
            System.out.printf(Locale.ROOT, "recovery: %d of %d next starts took over the dead process's lock; %d "
                    + "temporary files of killed saves removed at start, %d left; %d next asks failed%n",
                    report.locksTakenOver(), report.kills(), report.tempFilesRemovedAtStart(),
                    report.leftoverTempFiles(), report.failedRecoveries());
            report.problems().forEach(problem -> System.out.println("problem: " + problem));
            if (!report.problems().isEmpty()) {
                System.exit(1);
            }
        }
    }
}
