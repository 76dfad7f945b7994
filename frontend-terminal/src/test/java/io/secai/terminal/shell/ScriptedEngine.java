package io.secai.terminal.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.ProgressEvent;
import io.secai.api.ProgressListener;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Settings;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.Engine;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;
import io.secai.engine.session.Sessions;

/**
 * A scripted engine for the shell's own mechanics (line handling, rendering, cancellation), so they can be tested
 * before and apart from the real engine: "slow" prompts run until cancelled, anything else plans two tasks.
 */
final class ScriptedEngine implements Engine {
    private final Map<String, List<SessionTranscript.Turn>> turns = new ConcurrentHashMap<>();
    private final Map<String, SessionInfo> infos = new ConcurrentHashMap<>();

    @Override
    public List<PluginStatus> plugins() {
        return List.of(new PluginStatus("gpt", "1.0", "1.0", "Answers from the model.",
                        List.of(new Capability("answer", "Answer a question")), Path.of("plugins-dir/plugin-gpt"),
                        PluginStatus.State.LOADED, Optional.empty()),
                new PluginStatus("broken.jar", "", "", "", List.of(), Path.of("plugins-dir/broken.jar"),
                        PluginStatus.State.FAILED, Optional.of("not a jar file")));
    }

    @Override
    public List<PluginCommand> commands() {
        return List.of();
    }

    @Override
    public List<String> notices() {
        return List.of("Missing setting openai.endpoint (environment variable AZURE_OPENAI_ENDPOINT).");
    }

    @Override
    public Settings settings() {
        return new Settings() {
            @Override
            public Optional<String> string(String path) {
                return Optional.empty();
            }

            @Override
            public String require(String path, String purpose) {
                throw new io.secai.api.MissingSettingException(path, null, purpose);
            }

            @Override
            public int integer(String path, int fallback) {
                return fallback;
            }

            @Override
            public boolean bool(String path, boolean fallback) {
                return fallback;
            }

            @Override
            public Duration duration(String path, Duration fallback) {
                return fallback;
            }

            @Override
            public List<String> list(String path) {
                return List.of();
            }

            @Override
            public Map<String, String> map(String path) {
                return Map.of();
            }
        };
    }

    @Override
    public Sessions sessions() {
        return new Sessions() {
            @Override
            public SessionInfo create(String owner) {
                String id = "s" + (infos.size() + 1);
                SessionInfo info = new SessionInfo(id, owner, "", Instant.now(), Instant.now(), 0, TokenUsage.NONE);
                infos.put(id, info);
                turns.put(id, new ArrayList<>());
                return info;
            }

            @Override
            public Optional<SessionInfo> find(String owner, String id) {
                return Optional.ofNullable(infos.get(id));
            }

            @Override
            public List<SessionInfo> list(String owner) {
                return List.copyOf(infos.values());
            }

            @Override
            public Optional<SessionTranscript> transcript(String owner, String id) {
                return find(owner, id).map(info -> new SessionTranscript(info, turns.get(id)));
            }

            @Override
            public boolean clear(String owner, String id) {
                return turns.get(id) != null && turns.put(id, new ArrayList<>()) != null;
            }

            @Override
            public boolean delete(String owner, String id) {
                return infos.remove(id) != null;
            }
        };
    }

    @Override
    public PromptRun submit(String sessionId, String prompt, ProgressListener listener) {
        CompletableFuture<PromptOutcome> outcome = new CompletableFuture<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        Task first = new Task("sentinel-kql", "run-kql", "New incidents of the last 30 days");
        Task second = new Task("gpt", "answer", "Summarise them");
        Thread worker = new Thread(() -> {
            listener.on(new ProgressEvent.PlanReady(List.of(first, second), ""));
            listener.on(new ProgressEvent.TaskStarted(0, first));
            listener.on(new ProgressEvent.TaskArtifact(0, Artifact.query("SecurityIncident\n| where Status == 'New'")));
            if (prompt.contains("slow")) {
                try {
                    cancelled.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TaskResult failed = TaskResult.failed("Cancelled.");
                listener.on(new ProgressEvent.TaskFinished(0, first, failed));
                PromptOutcome done = new PromptOutcome(PromptOutcome.Status.CANCELLED, "Cancelled by the user.",
                        List.of(first, second), List.of(new TaskRecord(first, failed)), TokenUsage.NONE,
                        Duration.ofMillis(10));
                listener.on(new ProgressEvent.PromptFinished(false, "Cancelled by the user.", TokenUsage.NONE,
                        Duration.ofMillis(10)));
                outcome.complete(done);
                return;
            }
            TaskResult table = TaskResult.builder().markdown("3 new incidents.")
                    .artifact(Artifact.query("SecurityIncident\n| where Status == 'New'"))
                    .table(new ResultTable(List.of(new ResultTable.Column("IncidentNumber", ResultTable.ColumnType.LONG),
                            new ResultTable.Column("Title", ResultTable.ColumnType.STRING)),
                            List.of(List.of(1L, "Suspicious sign-in ".repeat(10)), List.of(2L, "Malware")))).build();
            listener.on(new ProgressEvent.TaskFinished(0, first, table));
            listener.on(new ProgressEvent.TaskStarted(1, second));
            TaskResult summary = TaskResult.success("**Summary**: two incidents.");
            listener.on(new ProgressEvent.TaskFinished(1, second, summary));
            PromptOutcome done = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(first, second),
                    List.of(new TaskRecord(first, table), new TaskRecord(second, summary)), new TokenUsage(3, 100, 20),
                    Duration.ofMillis(20));
            turns.get(sessionId).add(new SessionTranscript.Turn(prompt, Instant.now(), done));
            listener.on(new ProgressEvent.PromptFinished(true, "", done.usage(), done.elapsed()));
            outcome.complete(done);
        });
        worker.start();
        return new PromptRun() {
            @Override
            public String id() {
                return "run";
            }

            @Override
            public CompletableFuture<PromptOutcome> outcome() {
                return outcome;
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        };
    }

    @Override
    public void close() {
    }
}
