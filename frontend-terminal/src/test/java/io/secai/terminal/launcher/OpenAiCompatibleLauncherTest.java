package io.secai.terminal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;

/**
 * A new user's first run on a local model: no configuration file, only the four environment variables of the
 * README (the provider, the OpenAI SDK's base URL and key, the model), {@code secai} in a child JVM, and an
 * OpenAI-compatible server on plain HTTP at 127.0.0.1, as Ollama or vLLM run.
 */
class OpenAiCompatibleLauncherTest {
    private static final String PLAN = "{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"answer\","
            + "\"instruction\":\"Say hello\",\"inputs\":[]}]}";
    private static final String KEY = "sk-local-7c1d0a";

    @TempDir
    Path dir;

    private final FakeOpenAi server = FakeOpenAi.startPlainHttp();
    private SecAiProcess secai;

    @BeforeEach
    void setUp() throws IOException {
        secai = new SecAiProcess(Files.createDirectories(dir.resolve("home")),
                Files.createDirectories(dir.resolve("work")))
                .env("SECAI_LLM_PROVIDER", "openai")
                .env("OPENAI_BASE_URL", server.baseUrl())
                .env("OPENAI_API_KEY", KEY)
                .env("SECAI_LLM_MODEL", "llama3.2");
        Function<ChatCall, Reply> planThenAnswer = call -> call.schemaName().isPresent()
                ? Reply.text(PLAN) : Reply.text("Hello from the local server.");
        server.respondWith(planThenAnswer);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private String pluginsDir() {
        return EngineFixture.pluginsDirOfTheBuild().toString();
    }

    @Test
    void askOnALocalOpenAiCompatibleServerExitsZeroWithItsAnswer() throws Exception {
        SecAiProcess.Result result = secai.run("", "--plugins-dir", pluginsDir(), "ask", "Say hello", "--format",
                "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.get("tasks").get(0).get("markdown").asText()).isEqualTo("Hello from the local server.");
        JsonNode model = json.get("models").get(0);
        assertThat(model.get("profile").asText()).isEqualTo("default");
        assertThat(model.get("provider").asText()).isEqualTo("openai");
        assertThat(model.get("model").asText()).isEqualTo("llama3.2");
        assertThat(model.get("calls").asLong()).isEqualTo(2);
        assertThat(model.get("totalTokens").asLong()).isEqualTo(server.promptTokens() + server.completionTokens());
        assertThat(model.get("tokenizer").asText()).isEqualTo("estimate");

        assertThat(server.calls()).extracting(ChatCall::deployment).containsOnly("llama3.2");
        assertThat(server.calls()).allSatisfy(call -> assertThat(call.bearerToken()).contains(KEY));
        assertThat(result.stdout() + result.stderr()).doesNotContain(KEY);
    }

    @Test
    void theShellsUsageCommandReportsTokensPerModel() throws Exception {
        SecAiProcess.Result result = secai.env("SECAI_LLM_MODEL", "gpt-4o-mini")
                .run("Say hello\nusage\nbye\n", "--plugins-dir", pluginsDir());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Hello from the local server.", "By model, since SecAI started:",
                "openai:gpt-4o-mini");
        // gpt-4o-mini has a known encoding (o200k_base): no estimate footnote.
        assertThat(result.stdout()).doesNotContain("tokens are an estimate");
        assertThat(result.stdout() + result.stderr()).doesNotContain(KEY);
    }

    @Test
    void aRemoteServerOverPlainHttpIsRefusedWithTheSettingToFix() throws Exception {
        SecAiProcess.Result result = secai.env("OPENAI_BASE_URL", "http://models.example.com/v1")
                .run("", "--plugins-dir", pluginsDir(), "ask", "Say hello");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("llm.endpoint uses plain http:// to models.example.com")
                .doesNotContain(KEY).doesNotContain("Exception");
        assertThat(server.callCount()).isZero();
    }
}
