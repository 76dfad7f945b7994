package io.secai.plugin.llm.openai;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.JsonSchema;
import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.openai.ServerQuirk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiCompatibleClientTest {

    private static final JsonSchema ANSWER = JsonSchema.of("answer", "{\"type\":\"object\",\"properties\":"
            + "{\"verdict\":{\"type\":\"string\"}},\"required\":[\"verdict\"],\"additionalProperties\":false}");

    private final FakeOpenAi server = FakeOpenAi.startPlainHttp();
    private final List<OpenAiCompatibleClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(OpenAiCompatibleClient::close);
        server.close();
    }

    private OpenAiCompatibleClient client(String model, Map<String, String> options) {
        OpenAiCompatibleClient client = new OpenAiCompatibleClient(ProfileSettings.from(ModelProfile.of("default",
                "openai", Optional.of(server.baseUrl()), model, Optional.of("sk-test-secret"), options)));
        clients.add(client);
        return client;
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.of("gpt", List.of(ChatMessage.system("Be brief."), ChatMessage.user(text)));
    }

    @Test
    void answersOverTheOpenAiWireFormatWithTheServersUsage() {
        server.reply(Reply.text("Hello there"));

        ChatResponse response = client("llama3.2", Map.of("temperature", "0.3")).complete(ask("Say hello"));

        assertThat(response.content()).isEqualTo("Hello there");
        assertThat(response.usage().promptTokens()).isEqualTo(server.promptTokens(server.lastCall()));
        assertThat(response.usage().completionTokens()).isEqualTo(server.countTokens("Hello there"));
        ChatCall call = server.lastCall();
        assertThat(call.deployment()).isEqualTo("llama3.2");
        assertThat(call.bearerToken()).contains("sk-test-secret");
        assertThat(call.temperature()).hasValue(0.3);
        assertThat(call.maxTokens()).hasValue(4096);
        assertThat(call.lastUserText()).isEqualTo("Say hello");
    }

    @Test
    void streamsPiecesAndReadsTheUsageChunk() {
        server.reply(Reply.text("one two three"));
        List<String> pieces = new ArrayList<>();

        ChatResponse response = client("llama3.2", Map.of()).stream(ask("count"), pieces::add);

        assertThat(String.join("", pieces)).isEqualTo("one two three");
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(server.lastCall().stream()).isTrue();
        assertThat(server.lastCall().includeUsage()).isTrue();
        assertThat(response.usage().completionTokens()).isEqualTo(server.countTokens("one two three"));
    }

    @Test
    void serverWithoutJsonSchemaGetsJsonModeFromTheFirstRefusalOnwards() {
        server.quirks(ServerQuirk.NO_JSON_SCHEMA).respondWith(call -> Reply.text("{\"verdict\":\"benign\"}"));
        OpenAiCompatibleClient client = client("qwen2.5", Map.of());

        ChatResponse first = client.complete(ask("judge").withSchema(ANSWER));
        int callsForFirst = server.callCount();
        ChatResponse second = client.complete(ask("judge again").withSchema(ANSWER));

        assertThat(first.content()).isEqualTo("{\"verdict\":\"benign\"}");
        assertThat(second.content()).isEqualTo("{\"verdict\":\"benign\"}");
        assertThat(callsForFirst).isEqualTo(2);
        assertThat(server.callCount()).isEqualTo(3);
        assertThat(server.lastCall().responseFormat()).contains("json_object");
        assertThat(server.lastCall().systemText()).contains("\"verdict\"");
    }

    @Test
    void serverWithoutAnyJsonModeGetsTheSchemaInThePromptAndOneRepair() {
        server.quirks(ServerQuirk.NO_JSON_MODE)
                .respondWith(call -> call.allText().contains("cannot be used")
                        ? Reply.text("Sure! ```json\n{\"verdict\":\"malicious\"}\n```")
                        : Reply.text("I think it is malicious."));

        ChatResponse response = client("phi3", Map.of()).complete(ask("judge").withSchema(ANSWER));

        assertThat(response.content()).isEqualTo("{\"verdict\":\"malicious\"}");
        assertThat(server.calls()).extracting(call -> call.responseFormat().orElse("text"))
                .containsExactly("json_schema", "json_object", "text", "text");
        assertThat(response.usage().calls()).isEqualTo(2);
    }

    @Test
    void reasoningModelThatRejectsTemperatureIsAskedWithoutItAndWithMaxCompletionTokens() {
        server.quirks(ServerQuirk.REASONING_MODEL).respondWith(call -> Reply.text("done"));
        OpenAiCompatibleClient client = client("local-reasoner", Map.of("temperature", "0.2",
                "reasoning-effort", "low"));

        client.complete(ask("think"));
        int callsForFirst = server.callCount();
        client.complete(ask("think again"));

        assertThat(callsForFirst).isEqualTo(3);
        assertThat(server.callCount()).isEqualTo(4);
        ChatCall last = server.lastCall();
        assertThat(last.temperature()).isEmpty();
        assertThat(last.maxTokens()).isEmpty();
        assertThat(last.maxCompletionTokens()).hasValue(4096);
        assertThat(last.reasoningEffort()).contains("low");
    }

    @Test
    void openAiReasoningModelsGetMaxCompletionTokensFromTheStart() {
        server.reply(Reply.text("ok"));

        client("o3-mini", Map.of()).complete(ask("hi"));

        assertThat(server.callCount()).isEqualTo(1);
        assertThat(server.lastCall().maxCompletionTokens()).hasValue(4096);
    }

    @Test
    void serverThatCannotStreamIsAskedForWholeAnswers() {
        server.quirks(ServerQuirk.NO_STREAMING).respondWith(call -> Reply.text("whole answer"));
        List<String> pieces = new ArrayList<>();

        ChatResponse response = client("llama3.2", Map.of()).stream(ask("hi"), pieces::add);

        assertThat(response.content()).isEqualTo("whole answer");
        assertThat(pieces).containsExactly("whole answer");
        assertThat(server.lastCall().stream()).isFalse();
    }

    @Test
    void throttlingIsRetriedAfterTheWaitTheServerAsksFor() {
        server.reply(Reply.throttled(Duration.ofMillis(300)), Reply.text("after the wait"));

        ChatResponse response = client("llama3.2", Map.of()).complete(ask("hi"));

        assertThat(response.content()).isEqualTo("after the wait");
        assertThat(server.callCount()).isEqualTo(2);
    }

    @Test
    void throttlingPastTheAttemptsIsAThrottledErrorWithoutTheKey() {
        server.respondWith(call -> Reply.throttled(Duration.ofMillis(50)));

        assertThatThrownBy(() -> client("llama3.2", Map.of("retry.max-attempts", "2")).complete(ask("hi")))
                .isInstanceOfSatisfying(ServiceException.class, error -> {
                    assertThat(error.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
                    assertThat(error.getMessage()).doesNotContain("sk-test-secret");
                });
        assertThat(server.callCount()).isEqualTo(2);
    }

    @Test
    void contentFilterIsARefusalThatIsNotRetried() {
        server.reply(Reply.contentFilter("violence"));

        assertThatThrownBy(() -> client("gpt-4o", Map.of()).complete(ask("hi").withSchema(ANSWER)))
                .isInstanceOfSatisfying(ServiceException.class, error -> {
                    assertThat(error.kind()).isEqualTo(ServiceException.Kind.REJECTED);
                    assertThat(error.getMessage()).contains("content filter");
                });
        assertThat(server.callCount()).isEqualTo(1);
    }

    @Test
    void filteredAnswerIsARefusal() {
        server.reply(Reply.text("").withFinishReason("content_filter"));

        assertThatThrownBy(() -> client("gpt-4o", Map.of()).complete(ask("hi")))
                .isInstanceOfSatisfying(ServiceException.class,
                        error -> assertThat(error.getMessage()).contains("content filter withheld"));
    }

    @Test
    void serverWithoutAuthenticationWorksWithoutAKey() {
        server.acceptCallsWithoutKey().reply(Reply.text("no key needed"));
        OpenAiCompatibleClient client = new OpenAiCompatibleClient(ProfileSettings.from(ModelProfile.of("default",
                "openai", Optional.of(server.baseUrl()), "llama3.2", Optional.empty(), Map.of())));
        clients.add(client);

        assertThat(client.complete(ask("hi")).content()).isEqualTo("no key needed");
    }

    @Test
    void unreachableServerSaysWhereItLooked() {
        int port = server.port();
        server.close();

        assertThatThrownBy(() -> client("llama3.2", Map.of("retry.max-attempts", "1")).complete(ask("hi")))
                .isInstanceOfSatisfying(ServiceException.class, error -> {
                    assertThat(error.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(error.getMessage()).contains("127.0.0.1:" + port).contains("llm.endpoint");
                });
    }

    @Test
    void plainHttpIsRefusedForAnyHostButLoopback() {
        assertThatThrownBy(() -> ProfileSettings.from(ModelProfile.of("default", "openai",
                Optional.of("http://models.example.com/v1"), "m", Optional.of("k"), Map.of())))
                .isInstanceOf(SecAiException.class).hasMessageContaining("plain http://")
                .hasMessageContaining("llm.endpoint");
        assertThat(Endpoints.checked("http://[::1]:11434/v1/", "default")).isEqualTo("http://[::1]:11434/v1");
        assertThat(Endpoints.checked("http://localhost:11434/v1", "x")).isEqualTo("http://localhost:11434/v1");
        assertThat(Endpoints.checked("https://models.example.com/v1", "x")).isEqualTo("https://models.example.com/v1");
        assertThatThrownBy(() -> Endpoints.checked("http://127.0.0.1.example.com/v1", "fast"))
                .hasMessageContaining("llm.models.fast.endpoint");
    }

    @Test
    void tokensAreCountedWithTheFamilysEncodingOrEstimatedAndSaidSo() {
        OpenAiCompatibleClient openAi = client("gpt-4o-mini", Map.of());
        OpenAiCompatibleClient local = client("llama3.2:3b", Map.of());

        assertThat(openAi.countsTokensExactly()).isTrue();
        assertThat(openAi.countTokens("hello world")).isEqualTo(server.countTokens("hello world"));
        assertThat(local.countsTokensExactly()).isFalse();
        assertThat(local.countTokens("abcdefgh")).isEqualTo(2);
    }
}
