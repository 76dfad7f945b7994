package io.secai.scenario;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.engine.PromptOutcome;
import io.secai.engine.ProgressListener;
import io.secai.engine.privacy.Anonymizer;
import io.secai.engine.privacy.MaskReport;
import io.secai.testkit.entra.FakeEntraId;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The outside world of the scenario on loopback: a fake Azure OpenAI played by {@link ScriptedAnalystModel}, a fake
 * Entra ID, a fake Log Analytics workspace holding the scenario's tables, and a web server holding its two pages.
 * It starts the real engine against them, with the real plugins from plugins-dir, and replays prompts, recording
 * per prompt what the fakes received and how long SecAI itself worked.
 *
 * <p>The workspace answers a prompt's data query with the prompt's {@code query_result}, whatever KQL was written,
 * but only a query that reached it: one the Sentinel plugin's guard let through. Schema reads ({@code union
 * withsource}, {@code getschema}) and sample reads ({@code T | take 3}) are answered from the workspace's tables.
 */
final class ScenarioWorld implements AutoCloseable {

    /** The workspace id the scenario's Sentinel workspace has. */
    static final String WORKSPACE_ID = FakeLogAnalytics.DEFAULT_WORKSPACE_ID;

    private static final Pattern SCHEMA_QUERY = Pattern.compile(
            "^\\s*union\\s+withsource\\s*=.*|^\\s*\\w+\\s*\\|\\s*getschema\\b.*|^\\s*\\w+\\s*\\|\\s*take\\s+3\\s*$",
            Pattern.DOTALL);
    private static final Duration PROMPT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * One prompt as it ran.
     *
     * @param prompt the scenario's prompt
     * @param outcome how it ended
     * @param calls the model calls it made, in order
     * @param queries the Log Analytics requests it made, in order
     * @param wall how long it took, from submit to outcome
     * @param fakeCpu CPU time the fakes' threads used meanwhile
     */
    record PromptRun(ScenarioData.Prompt prompt, PromptOutcome outcome, List<ChatCall> calls,
                     List<FakeLogAnalytics.RecordedQuery> queries, Duration wall, Duration fakeCpu) {

        /** @return the wall time minus the fakes' time: SecAI's own work, at most */
        Duration ownTime() {
            Duration own = wall.minus(fakeCpu);
            return own.isNegative() ? Duration.ZERO : own;
        }
    }

    private final ScenarioData data;
    private final Path directory;
    private final ScriptedAnalystModel model;
    private final FakeOpenAi openAi;
    private final FakeLogAnalytics logs;
    private final FakeEntraId entra;
    private final ScenarioWebServer web;
    private final AtomicReference<ScenarioData.Prompt> current = new AtomicReference<>();
    private final Map<String, String> overrides = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean followModel;
    /** The engine and session of the prompt being run, for a model that reads an anonymized session's tokens. */
    private volatile Engine runningEngine;
    private volatile String runningSession;
    private final List<FakeLogAnalytics.RecordedQuery> followedQueries =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<FakeLogAnalytics.RecordedQuery> dataQueries = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ScenarioWorld(ScenarioData data, Path directory) {
        this.data = data;
        this.directory = directory;
        this.model = new ScriptedAnalystModel(data.allPrompts());
        this.openAi = FakeOpenAi.start().respondWith(model);
        this.logs = FakeLogAnalytics.start(WORKSPACE_ID, data.workspace());
        this.entra = FakeEntraId.start();
        Map<URI, String> pages = new LinkedHashMap<>();
        for (ScenarioData.Prompt prompt : data.allPrompts()) {
            if (prompt.url().isPresent() && prompt.page().isPresent()) {
                pages.put(prompt.url().get(), prompt.page().get());
            }
        }
        this.web = ScenarioWebServer.start(pages);
        logs.when(query -> answering().flatMap(ScenarioData.Prompt::queryResult).isPresent()
                        && !SCHEMA_QUERY.matcher(query).matches(),
                request -> {
                    (current.get() != null ? dataQueries : followedQueries).add(request);
                    return FakeLogAnalytics.Reply.raw(answering().orElseThrow().queryResult().orElseThrow());
                });
    }

    /**
     * Starts the fakes. The JVM's default TLS trust and the {@code javax.net.ssl.trustStore} properties (which the
     * fetch plugin's OkHttp client reads) are set to trust the test authority.
     *
     * @param data the scenario
     * @param directory a scratch folder for the data dir
     * @return the running world
     */
    static ScenarioWorld start(ScenarioData data, Path directory) {
        TestTls.shared().trustInThisJvm();
        return new ScenarioWorld(data, directory);
    }

    /**
     * The prompt whose data the workspace answers with: the one being run, else (when following the model) the one
     * the model's latest turn served, for runs of several prompts that the test cannot step through itself, such
     * as {@code secai run} in one call.
     */
    private Optional<ScenarioData.Prompt> answering() {
        ScenarioData.Prompt running = current.get();
        if (running != null) {
            return Optional.of(running);
        }
        if (!followModel) {
            return Optional.empty();
        }
        List<ScriptedAnalystModel.Turn> turns = model.turns();
        return turns.isEmpty() ? Optional.empty() : turns.get(turns.size() - 1).prompt();
    }

    /**
     * While on, the workspace answers for the prompt the model last served when no prompt is being run.
     *
     * @param on whether to follow
     */
    void followModel(boolean on) {
        followModel = on;
    }

    /** @return the data queries answered while following the model, in order (kept apart from dataQueries) */
    List<FakeLogAnalytics.RecordedQuery> followedQueries() {
        return List.copyOf(followedQueries);
    }

    /**
     * What the fakes had received when a prompt started, for {@link #since}.
     *
     * @param prompt the scenario prompt being run
     * @param calls model calls before it
     * @param queries Log Analytics requests before it
     * @param cpu the fakes' CPU time per thread before it
     * @param start when it started
     */
    record Mark(ScenarioData.Prompt prompt, int calls, int queries, Map<Long, Long> cpu, long start) {
    }

    /**
     * Starts recording one prompt run by the test's own means (a promptbook step); the workspace answers for it.
     *
     * @param prompt the scenario prompt
     * @return the mark to pass to {@link #since}
     */
    Mark begin(ScenarioData.Prompt prompt) {
        Mark mark = new Mark(prompt, openAi.callCount(), logs.queries().size(), fakeThreadCpu(), System.nanoTime());
        current.set(prompt);
        return mark;
    }

    /**
     * Ends the recording {@link #begin} started.
     *
     * @param mark the mark
     * @param outcome how the prompt ended
     * @return the run
     */
    PromptRun since(Mark mark, PromptOutcome outcome) {
        current.set(null);
        long wall = System.nanoTime() - mark.start();
        long fakeCpu = cpuSince(mark.cpu());
        List<ChatCall> calls = openAi.calls();
        List<FakeLogAnalytics.RecordedQuery> queries = logs.queries();
        return new PromptRun(mark.prompt(), outcome, calls.subList(mark.calls(), calls.size()),
                queries.subList(mark.queries(), queries.size()), Duration.ofNanos(wall), Duration.ofNanos(fakeCpu));
    }

    /** @return the scripted model, with its turns and violations */
    ScriptedAnalystModel model() {
        return model;
    }

    /** @return the fake Azure OpenAI */
    FakeOpenAi openAi() {
        return openAi;
    }

    /** @return the fake Log Analytics */
    FakeLogAnalytics logs() {
        return logs;
    }

    /** @return the web server holding the pages */
    ScenarioWebServer web() {
        return web;
    }

    /** @return the fake Entra ID */
    FakeEntraId entra() {
        return entra;
    }

    /** @return the data queries answered with a prompt's {@code query_result}, in order */
    List<FakeLogAnalytics.RecordedQuery> dataQueries() {
        return List.copyOf(dataQueries);
    }

    /**
     * The settings that point SecAI at this world.
     *
     * @param dataDirectory SecAI's data dir
     * @param loadSchema whether the Sentinel plugin builds the extended schema
     * @return the overrides
     */
    Map<String, String> settings(Path dataDirectory, boolean loadSchema) {
        Map<String, String> settings = new HashMap<>();
        settings.put("secai.data-dir", dataDirectory.toString());
        settings.put("openai.endpoint", openAi.endpoint());
        settings.put("openai.api-key", "scenario-openai-key");
        settings.put("openai.deployment", "gpt-4o");
        settings.put("azure.authority-host", entra.authorityHost());
        settings.put("azure.instance-discovery", "false");
        settings.put("azure.tenant-id", "7d3c1a52-5b0e-4a8e-9f3b-2c6d8e1f4a90");
        settings.put("azure.client-id", "0b6d3c1e-2f4a-4e5b-8c7d-9e0f1a2b3c4d");
        settings.put("azure.client-secret", "scenario-client-secret");
        settings.put("azure.workspace-id", WORKSPACE_ID);
        settings.put("plugins.sentinel-kql.endpoint", logs.endpoint());
        settings.put("plugins.sentinel-kql.load-schema", Boolean.toString(loadSchema));
        settings.put("plugins.fetchurl.connect-to", "attack.mitre.org:443:127.0.0.1:" + web.port()
                + ",learn.microsoft.com:443:127.0.0.1:" + web.port());
        settings.put("plugins.fetchurl.allow-hosts", "attack.mitre.org,learn.microsoft.com");
        settings.putAll(overrides);
        return settings;
    }

    /**
     * Settings every engine of this world gets on top of its own (the benchmark's {@code key=value} arguments,
     * such as {@code privacy.anonymize=true}).
     *
     * @param extra the settings
     */
    void override(Map<String, String> extra) {
        overrides.putAll(extra);
    }

    /**
     * Engine options for this world: the plugins of the build's plugins-dir, client-secret sign-in against the fake
     * Entra ID, no environment, an empty working folder.
     *
     * @param name a folder name for this engine's data
     * @param loadSchema whether the Sentinel plugin builds the extended schema
     * @return the options
     */
    EngineOptions engineOptions(String name, boolean loadSchema) {
        Path home = directory.resolve(name);
        try {
            Files.createDirectories(home.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EngineOptions(Optional.empty(), Optional.of(pluginsDir()), Optional.of("client_secret"),
                home.resolve("work"), Map.of(), settings(home.resolve("data"), loadSchema));
    }

    /** @return the build's plugins-dir: the {@code secai.plugins-dir} property, else {@code <repo>/plugins-dir} */
    static Path pluginsDir() {
        String configured = System.getProperty("secai.plugins-dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String root = System.getProperty("secai.root");
        return (root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root)).resolve("plugins-dir");
    }

    /**
     * Starts an engine on this world.
     *
     * @param name a folder name for its data
     * @param loadSchema whether the Sentinel plugin builds the extended schema
     * @return the engine
     */
    Engine startEngine(String name, boolean loadSchema) {
        return Engines.start(engineOptions(name, loadSchema));
    }

    /**
     * Runs a session's prompts one after the other in a new session of the engine.
     *
     * @param engine the engine
     * @param session the session
     * @return each prompt's run
     */
    List<PromptRun> replay(Engine engine, ScenarioData.Session session) {
        String sessionId = engine.sessions().create("analyst").id();
        List<PromptRun> runs = new ArrayList<>();
        for (ScenarioData.Prompt prompt : session.prompts()) {
            runs.add(run(engine, sessionId, prompt));
        }
        return runs;
    }

    /**
     * Runs one prompt in a session, with the workspace answering its data query.
     *
     * @param engine the engine
     * @param sessionId the session
     * @param prompt the prompt
     * @return the run
     */
    PromptRun run(Engine engine, String sessionId, ScenarioData.Prompt prompt) {
        runningEngine = engine;
        runningSession = sessionId;
        return during(prompt, () -> {
            try {
                return engine.submit(sessionId, prompt.text(), ProgressListener.NONE).outcome()
                        .get(PROMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("prompt " + prompt.number() + " did not finish in " + PROMPT_TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("the outcome of prompt " + prompt.number() + " completed exceptionally", e);
            }
        });
    }

    /**
     * Lets the scripted model answer an anonymized session as a real model would: it reads the tokens on the wire
     * (its canned answers are written for the real values, so it reads them revealed with the session's map, the
     * way the user will) and its answer goes back in tokens, as a model that only ever saw tokens would write it.
     * A session without anonymization is answered as before.
     */
    void modelReadsTokens() {
        openAi.respondWith(call -> {
            Optional<Anonymizer> tokens = runningEngine == null ? Optional.empty()
                    : runningEngine.privacy().anonymizer(runningSession);
            return tokens.isEmpty() ? model.apply(call) : answerInTokens(call, tokens.get());
        });
    }

    /**
     * @param call a call as it arrived, in tokens
     * @param tokens the session's map
     * @return the call as the user would read it
     */
    static ChatCall revealed(ChatCall call, Anonymizer tokens) {
        List<ChatCall.Message> read = call.messages().stream()
                .map(message -> new ChatCall.Message(message.role(), tokens.reveal(message.content()))).toList();
        return new ChatCall(call.number(), call.deployment(), call.apiVersion(), call.headers(), read, call.stream(),
                call.includeUsage(), call.responseFormat(), call.schemaName(), call.schema(), call.temperature(),
                call.maxTokens(), tokens.reveal(call.body()));
    }

    /**
     * @param call a call as it arrived, in tokens
     * @param tokens the session's map
     * @return the scripted model's answer to the revealed call, masked again with the same map
     */
    Reply answerInTokens(ChatCall call, Anonymizer tokens) {
        Reply answer = model.apply(revealed(call, tokens));
        return answer.content().isEmpty() ? answer : Reply.text(tokens.mask(answer.content().get(), new MaskReport()));
    }

    /**
     * Runs anything that submits one prompt (the engine, the terminal), recording what the fakes received meanwhile.
     *
     * @param prompt the scenario prompt being run
     * @param body runs it and returns its outcome
     * @return the run
     */
    PromptRun during(ScenarioData.Prompt prompt, java.util.function.Supplier<PromptOutcome> body) {
        int callsBefore = openAi.callCount();
        int queriesBefore = logs.queries().size();
        current.set(prompt);
        Map<Long, Long> cpuBefore = fakeThreadCpu();
        long start = System.nanoTime();
        PromptOutcome outcome;
        try {
            outcome = body.get();
        } finally {
            current.set(null);
        }
        long wall = System.nanoTime() - start;
        long fakeCpu = cpuSince(cpuBefore);
        List<ChatCall> calls = openAi.calls();
        List<FakeLogAnalytics.RecordedQuery> queries = logs.queries();
        return new PromptRun(prompt, outcome, calls.subList(callsBefore, calls.size()),
                queries.subList(queriesBefore, queries.size()), Duration.ofNanos(wall), Duration.ofNanos(fakeCpu));
    }

    /** CPU time per live thread of the fakes (their handlers and the HTTP servers' dispatchers). */
    static Map<Long, Long> fakeThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("fake-openai") || name.startsWith("fake-log-analytics")
                    || name.startsWith("fake-entra-id") || name.startsWith(ScenarioWebServer.THREAD_NAME)
                    || name.startsWith("HTTP-Dispatcher")) {
                long time = threads.getThreadCpuTime(thread.getId());
                if (time >= 0) {
                    cpu.put(thread.getId(), time);
                }
            }
        }
        return cpu;
    }

    static long cpuSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : fakeThreadCpu().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    @Override
    public void close() {
        try (openAi; logs; entra; web) {
            current.set(null);
        }
    }
}
