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
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

/**
 * The real engine over the repository's built plugins-dir, talking HTTPS to a {@link FakeOpenAi}: what the terminal
 * tests drive. Planner calls (the ones with a JSON schema) get the scripted plan; every other call the next
 * scripted answer.
 */
public final class EngineFixture implements AutoCloseable {
    private final FakeOpenAi openAi;
    private final Path dataDir;
    private final Path pluginsDir;

    public EngineFixture(Path dir) throws IOException {
        this(dir, pluginsDirOfTheBuild());
    }

    public EngineFixture(Path dir, Path pluginsDir) throws IOException {
        TestTls.shared().installAsJvmDefault();
        this.openAi = FakeOpenAi.start();
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
        StringBuilder plan = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < instructions.size(); i++) {
            plan.append(i > 0 ? "," : "").append("{\"plugin\":\"gpt\",\"capability\":\"answer\",\"instruction\":\"")
                    .append(instructions.get(i).replace("\"", "\\\"")).append("\",\"inputs\":[]}");
        }
        String planJson = plan.append("]}").toString();
        openAi.respondWith(call -> call.schemaName().isPresent() ? Reply.text(planJson) : answers.apply(call));
        return this;
    }

    /** @return the configuration settings the engine gets, as application.conf text */
    public String applicationConf() {
        StringBuilder conf = new StringBuilder();
        settings().forEach((key, value) -> conf.append(key).append(" = \"").append(value.replace("\\", "\\\\"))
                .append("\"\n"));
        return conf.toString();
    }

    private Map<String, String> settings() {
        return Map.of(
                "secai.data-dir", dataDir.toString(),
                "openai.endpoint", openAi.endpoint(),
                "openai.api-key", "test-key",
                "openai.deployment", "gpt-test",
                "azure.auth", "none",
                "openai.pricing.prompt-per-1k", "0.005",
                "openai.pricing.completion-per-1k", "0.015");
    }

    /** @return a started engine with a clean environment and the fake's settings */
    public Engine start(Path workingDirectory) {
        return Engines.start(new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("none"),
                workingDirectory, Map.of(), settings()));
    }

    @Override
    public void close() {
        openAi.close();
    }
}
