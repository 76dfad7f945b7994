package io.secai.terminal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.api.Task;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

/**
 * The real engine over the repository's built plugins-dir, talking HTTPS to a {@link FakeOpenAi} and a
 * {@link FakeLogAnalytics} workspace (this module's {@code workspace.json}): what the terminal tests drive.
 * Planner calls get the scripted plan, KQL-writing calls the scripted query, every other call the scripted answer.
 */
public final class EngineFixture implements AutoCloseable {
    private static final String PLAN_SCHEMA = "secai_plan";
    private static final String KQL_SCHEMA = "kql_query";

    private final FakeOpenAi openAi;
    private final FakeLogAnalytics logAnalytics;
    private final Path dataDir;
    private final Path pluginsDir;
    private final Map<String, String> extra = new java.util.LinkedHashMap<>();

    public EngineFixture(Path dir) throws IOException {
        this(dir, pluginsDirOfTheBuild());
    }

    public EngineFixture(Path dir, Path pluginsDir) throws IOException {
        TestTls.shared().installAsJvmDefault();
        this.openAi = FakeOpenAi.start();
        this.logAnalytics = FakeLogAnalytics.start(FakeWorkspace.fromResource("/workspace.json",
                EngineFixture.class));
        this.dataDir = Files.createDirectories(dir.resolve("data"));
        this.pluginsDir = pluginsDir;
    }

    /** @return the folder the build fills with the built-in plugins (surefire passes it) */
    public static Path pluginsDirOfTheBuild() {
        return Path.of(System.getProperty("secai.plugins-dir", "../plugins-dir")).toAbsolutePath();
    }

    public FakeOpenAi openAi() {
        return openAi;
    }

    /** @return how many queries reached the Log Analytics fake so far */
    public int logAnalyticsQueries() {
        return logAnalytics.queries().size();
    }

    /** @return the last query that reached the Log Analytics fake */
    public String lastLogAnalyticsQuery() {
        List<FakeLogAnalytics.RecordedQuery> queries = logAnalytics.queries();
        return queries.isEmpty() ? "" : queries.get(queries.size() - 1).query();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path pluginsDir() {
        return pluginsDir;
    }

    /**
     * Answers planner calls with a plan of GPT tasks, one per instruction, and other calls from the answers.
     *
     * @param instructions one GPT task each
     * @param answers the replies of the task calls, in order
     * @return this fixture
     */
    public EngineFixture plan(List<String> instructions, Function<ChatCall, Reply> answers) {
        return script(instructions.stream().map(i -> Task.of("gpt", "answer", i)).toList(), "", answers);
    }

    /**
     * @param tasks the plan the model proposes
     * @param kql the query the model writes when the KQL plugin asks
     * @param answers the replies of the other calls
     * @return this fixture
     */
    public EngineFixture script(List<Task> tasks, String kql, Function<ChatCall, Reply> answers) {
        StringBuilder plan = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            plan.append(i > 0 ? "," : "").append("{\"plugin\":").append(quote(task.plugin()))
                    .append(",\"capability\":").append(quote(task.capability()))
                    .append(",\"instruction\":").append(quote(task.instruction())).append(",\"inputs\":[]}");
        }
        String planJson = plan.append("]}").toString();
        String kqlJson = "{\"tables\":[],\"kql\":" + quote(kql) + ",\"rationale\":\"as asked\",\"timespan\":\"P30D\"}";
        openAi.respondWith(call -> {
            String schema = call.schemaName().orElse("");
            if (schema.equals(PLAN_SCHEMA)) {
                return Reply.text(planJson);
            }
            return schema.equals(KQL_SCHEMA) ? Reply.text(kqlJson) : answers.apply(call);
        });
        return this;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** @return the configuration settings the engine gets, as application.conf text */
    public String applicationConf() {
        StringBuilder conf = new StringBuilder();
        settings().forEach((key, value) -> conf.append(key).append(" = \"").append(value.replace("\\", "\\\\"))
                .append("\"\n"));
        return conf.toString();
    }

    /**
     * Adds a setting the next started engine gets.
     *
     * @param key the setting
     * @param value its value
     * @return this fixture
     */
    public EngineFixture with(String key, String value) {
        extra.put(key, value);
        return this;
    }

    public FakeLogAnalytics logAnalytics() {
        return logAnalytics;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>(extra);
        settings.put("secai.data-dir", dataDir.toString());
        settings.put("openai.endpoint", openAi.endpoint());
        settings.put("openai.api-key", "test-key");
        settings.put("openai.deployment", "gpt-test");
        settings.put("azure.auth", "access_token");
        settings.put("azure.access-token", "test-token");
        settings.put("azure.workspace-id", logAnalytics.workspaceId());
        settings.put("plugins.sentinel-kql.endpoint", logAnalytics.endpoint());
        settings.put("plugins.sentinel-kql.load-schema", "false");
        settings.put("plugins.sentinel-kql.http-retries", "0");
        settings.put("openai.pricing.prompt-per-1k", "0.005");
        settings.put("openai.pricing.completion-per-1k", "0.015");
        return settings;
    }

    /** @return a started engine with a clean environment and the fake's settings */
    public Engine start(Path workingDirectory) {
        return start(workingDirectory, Map.of());
    }

    /**
     * @param workingDirectory where the engine starts
     * @param overrides settings that replace or add to the fake's
     * @return a started engine with a clean environment
     */
    public Engine start(Path workingDirectory, Map<String, String> overrides) {
        Map<String, String> settings = settings();
        settings.putAll(overrides);
        return Engines.start(new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("access_token"),
                workingDirectory, Map.of(), settings));
    }

    @Override
    public void close() {
        openAi.close();
        logAnalytics.close();
    }
}
