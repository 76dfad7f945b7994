package io.secai.terminal.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;

/**
 * The kill -9 loop of the fault-injection run: {@code secai ask} processes on one data folder and one session, every
 * other one killed with SIGKILL at a random moment after its planner call reached the model (while it plans, runs
 * its task, saves the session or writes the audit log), each kill followed by an {@code ask} that must start over the
 * dead process's leftovers and finish. Afterwards every file of the data folder is read back:
 * <ul>
 *   <li>corrupted files: session files that are not readable JSON, an audit log that cannot be read;</li>
 *   <li>lost turns: prompts whose {@code ask} exited 0 but that no session holds;</li>
 *   <li>the audit log: lines that are not JSON (torn), prompts that ended without an end record, prompts started
 *       and never closed (neither ended nor recorded as unfinished at a later start);</li>
 *   <li>temporary files left in the sessions folder after the last start, and starts that could not take over the
 *       dead process's lock.</li>
 * </ul>
 * The model is the test kit's HTTPS fake: planner calls answer at once with a one-task plan, task calls after
 * {@code taskDelay}, so the kill lands anywhere in a prompt's life.
 */
public final class FaultInjection {
    private static final String PLAN = "{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"answer\","
            + "\"instruction\":\"Answer the analyst briefly\",\"inputs\":[]}]}";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    /** Starts one {@code secai} process with these arguments. */
    @FunctionalInterface
    public interface Launcher {
        Process start(String... args) throws IOException;
    }

    /**
     * What the loop found.
     *
     * @param kills processes killed mid-prompt
     * @param endedBeforeKill processes that had exited when their kill came (not counted as kills)
     * @param completedPrompts prompts whose ask exited 0
     * @param lostTurns completed prompts no session holds
     * @param duplicatedTurns prompts a session holds more than once
     * @param corruptedFiles session files or audit logs that cannot be read
     * @param tornAuditLines audit lines that are not JSON (skipped by the reader)
     * @param unauditedPrompts completed prompts without an end record in the audit log
     * @param unclosedPrompts prompts started on record and never closed (ended or marked unfinished)
     * @param killedOnRecord killed prompts whose start the audit log holds
     * @param leftoverTempFiles temporary files in the sessions folder after the last start
     * @param tempFilesRemovedAtStart temporary files of killed saves that a later start removed
     * @param locksTakenOver asks after a kill that found the dead process's lock and ran their prompt
     * @param failedRecoveries asks after a kill that did not exit 0
     * @param problems what went wrong, one line each
     */
    public record Report(int kills, int endedBeforeKill, int completedPrompts, int lostTurns, int duplicatedTurns,
                         int corruptedFiles, int tornAuditLines, int unauditedPrompts, int unclosedPrompts,
                         int killedOnRecord, int leftoverTempFiles, int tempFilesRemovedAtStart, int locksTakenOver,
                         int failedRecoveries, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private final FakeOpenAi openAi;
    private final Path dataDir;
    private final Path config;
    private final Launcher launcher;
    private final Duration taskDelay;
    private final Random random;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger plannerCalls = new AtomicInteger();

    /**
     * @param openAi the model fake the configuration points at; this loop scripts its answers
     * @param dataDir the configuration's {@code secai.data-dir}
     * @param config the configuration file passed with {@code --config}
     * @param launcher starts a {@code secai} process
     * @param taskDelay how long the task's model call takes
     * @param seed the kill times' seed, to repeat a run
     */
    public FaultInjection(FakeOpenAi openAi, Path dataDir, Path config, Launcher launcher, Duration taskDelay,
                          long seed) {
        this.openAi = openAi;
        this.dataDir = dataDir;
        this.config = config;
        this.launcher = launcher;
        this.taskDelay = taskDelay;
        this.random = new Random(seed);
    }

    /**
     * @param kills how many processes to kill mid-prompt
     * @param progress hears one line per kill
     * @return what was found
     */
    public Report run(int kills, java.util.function.Consumer<String> progress) throws IOException,
            InterruptedException {
        return run(kills, Duration.ofDays(1), progress);
    }

    /**
     * @param kills how many processes to kill mid-prompt
     * @param budget when to stop killing even if fewer kills were made (the data folder is still checked)
     * @param progress hears one line per kill
     * @return what was found
     */
    public Report run(int kills, Duration budget, java.util.function.Consumer<String> progress) throws IOException,
            InterruptedException {
        long stopAt = System.nanoTime() + budget.toNanos();
        openAi.respondWith(call -> {
            if (call.schemaName().filter("secai_plan"::equals).isPresent()) {
                plannerCalls.incrementAndGet();
                return Reply.text(PLAN);
            }
            return Reply.text("Answer: nothing unusual.").withDelay(taskDelay);
        });
        List<String> problems = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        List<String> killed = new ArrayList<>();
        int endedBeforeKill = 0;
        int locksTakenOver = 0;
        int failedRecoveries = 0;
        int tempFilesRemoved = 0;

        Finished first = ask(List.of(), "prompt-0 first");
        if (first.exitCode != 0) {
            throw new IllegalStateException("the first ask failed (exit " + first.exitCode + "): " + first.stderr);
        }
        completed.add("prompt-0 first");
        String session = onlySession();
        for (int attempt = 1; killed.size() < kills && attempt <= kills * 3 && System.nanoTime() < stopAt; attempt++) {
            String victim = "prompt-" + attempt + " killed";
            Victim outcome = askAndKill(session, victim);
            if (outcome.exitCode.isPresent()) {
                endedBeforeKill++;
                if (outcome.exitCode.get() == 0) {
                    completed.add(victim);
                }
            } else {
                killed.add(victim);
            }
            int temporary = temporaryFiles();
            boolean staleLock = lockNames(outcome.pid);
            String check = "prompt-" + attempt + " after";
            Finished after = ask(List.of("--session", session), check);
            if (after.exitCode == 0) {
                completed.add(check);
            } else {
                failedRecoveries++;
                problems.add("the ask after kill " + attempt + " exited " + after.exitCode + ": "
                        + after.stderr.strip());
            }
            // A held lock would have made the ask attach read-only and refuse the prompt (exit 2).
            if (staleLock && after.exitCode == 0) {
                locksTakenOver++;
            }
            if (temporary > 0 && temporaryFiles() == 0) {
                tempFilesRemoved += temporary;
            }
            progress.accept(String.format(java.util.Locale.ROOT, "try %d: %s; next ask exit %d", attempt,
                    outcome.exitCode.map(code -> "ended (exit " + code + ") before the kill")
                            .orElse("killed after " + outcome.killedAfterMs + " ms"), after.exitCode));
        }

        Map<String, Integer> turns = new HashMap<>();
        int corrupted = readSessions(turns, problems);
        int lost = 0;
        for (String prompt : completed) {
            if (!turns.containsKey(prompt)) {
                lost++;
                problems.add("lost turn: " + prompt);
            }
        }
        int duplicated = (int) turns.values().stream().filter(count -> count > 1).count();
        AuditCheck audit = readAudit(completed, killed, problems);
        return new Report(killed.size(), endedBeforeKill, completed.size(), lost, duplicated,
                corrupted + audit.corrupted, audit.torn, audit.unaudited, audit.unclosed, audit.killedOnRecord,
                temporaryFiles(), tempFilesRemoved, locksTakenOver, failedRecoveries, problems);
    }

    private record Finished(int exitCode, String stderr) {
    }

    private Finished ask(List<String> options, String prompt) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(options);
        args.addAll(List.of("ask", prompt));
        Process process = launcher.start(args.toArray(String[]::new));
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = pump(process.getErrorStream(), err);
        Thread outPump = pump(process.getInputStream(), new ByteArrayOutputStream());
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            kill(process);
            throw new IllegalStateException("secai ask did not end in " + RUN_LIMIT.toSeconds() + " s: " + err);
        }
        errPump.join();
        outPump.join();
        return new Finished(process.exitValue(), err.toString(StandardCharsets.UTF_8));
    }

    private record Victim(java.util.Optional<Integer> exitCode, long killedAfterMs, long pid) {
    }

    /** Whether the data folder's lock file still names the process (a dead owner leaves its pid there). */
    private boolean lockNames(long pid) throws IOException {
        Path lock = dataDir.resolve("secai.lock");
        return Files.isRegularFile(lock) && Files.readAllLines(lock, StandardCharsets.UTF_8).contains("pid=" + pid);
    }

    private Victim askAndKill(String session, String prompt) throws IOException, InterruptedException {
        int before = plannerCalls.get();
        Process process = launcher.start("--config", config.toString(), "--session", session, "ask", prompt);
        process.getOutputStream().close();
        Thread errPump = pump(process.getErrorStream(), new ByteArrayOutputStream());
        Thread outPump = pump(process.getInputStream(), new ByteArrayOutputStream());
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (plannerCalls.get() == before && process.isAlive()) {
            if (System.nanoTime() > deadline) {
                kill(process);
                throw new IllegalStateException("secai ask never reached the model");
            }
            Thread.sleep(2);
        }
        // Anywhere from planning, through the task's model call, to saving and auditing the turn and exiting.
        long delay = (long) (random.nextDouble() * (taskDelay.toMillis() + 400));
        Thread.sleep(delay);
        java.util.Optional<Integer> exit = java.util.Optional.empty();
        if (process.isAlive()) {
            kill(process);
        }
        process.waitFor(30, TimeUnit.SECONDS);
        errPump.join();
        outPump.join();
        // 137 is the shell's 128 + SIGKILL; Java reports the same for a child it killed.
        if (process.exitValue() != 137) {
            exit = java.util.Optional.of(process.exitValue());
        }
        return new Victim(exit, delay, process.pid());
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        // On Unix destroyForcibly is SIGKILL: no shutdown hook, no finally block, no flush runs.
        process.destroyForcibly();
    }

    private String onlySession() throws IOException {
        List<Path> files = sessionFiles();
        if (files.size() != 1) {
            throw new IllegalStateException("expected one session file, found " + files);
        }
        String name = files.get(0).getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    private List<Path> sessionFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Path folder = dataDir.resolve("sessions");
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.json")) {
            stream.forEach(files::add);
        }
        return files;
    }

    private int temporaryFiles() throws IOException {
        Path folder = dataDir.resolve("sessions");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.tmp")) {
            for (Path ignored : stream) {
                count++;
            }
        }
        return count;
    }

    private int readSessions(Map<String, Integer> turns, List<String> problems) throws IOException {
        int corrupted = 0;
        for (Path file : sessionFiles()) {
            JsonNode session;
            try {
                session = json.readTree(file.toFile()).path("session");
            } catch (IOException e) {
                corrupted++;
                problems.add("corrupted session file " + file + ": " + e.getMessage());
                continue;
            }
            if (!session.path("turns").isArray()) {
                corrupted++;
                problems.add("session file " + file + " has no turns");
                continue;
            }
            for (JsonNode turn : session.path("turns")) {
                turns.merge(turn.path("prompt").asText(), 1, Integer::sum);
            }
        }
        return corrupted;
    }

    private record AuditCheck(int corrupted, int torn, int unaudited, int unclosed, int killedOnRecord) {
    }

    private AuditCheck readAudit(List<String> completed, List<String> killed, List<String> problems)
            throws IOException {
        Path file = dataDir.resolve("audit.jsonl");
        if (!Files.isRegularFile(file)) {
            problems.add("no audit log at " + file);
            return new AuditCheck(1, 0, completed.size(), 0, 0);
        }
        int torn = 0;
        Set<String> ended = new HashSet<>();
        Set<String> startedPrompts = new HashSet<>();
        Map<String, Boolean> runsClosed = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = json.readTree(line);
            } catch (IOException e) {
                torn++;
                problems.add("torn audit line: " + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
                continue;
            }
            String run = record.path("run").asText();
            String event = record.path("event").asText("");
            if (event.equals("started")) {
                startedPrompts.add(record.path("prompt").asText());
                runsClosed.putIfAbsent(run, false);
            } else {
                runsClosed.put(run, true);
                if (event.isEmpty()) {
                    ended.add(record.path("prompt").asText());
                }
            }
        }
        int unaudited = 0;
        for (String prompt : completed) {
            if (!ended.contains(prompt)) {
                unaudited++;
                problems.add("no audit end record for completed prompt " + prompt);
            }
        }
        int unclosed = (int) runsClosed.values().stream().filter(closed -> !closed).count();
        if (unclosed > 0) {
            problems.add(unclosed + " audited prompt start(s) never closed");
        }
        int onRecord = (int) killed.stream().filter(startedPrompts::contains).count();
        return new AuditCheck(0, torn, unaudited, unclosed, onRecord);
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // The process was killed; what it wrote so far is enough.
                if (!(e.getMessage() != null && e.getMessage().contains("closed"))) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
