package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-HTTP fake on OpenAI's own wire format, read with nothing but the JDK's HTTP client, so that what the
 * SDK-based tests rely on is shown byte for byte: the path, the body's model, the answer and usage, server-sent
 * events ending in a usage chunk and {@code [DONE]}, and errors as {@code {"error": {...}}}.
 */
class FakeOpenAiWireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAi server = FakeOpenAi.startPlainHttp();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-wire").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOnV1WithTheModelOfTheBodyAndItsUsage() throws Exception {
        server.reply(Reply.text("Hello"));

        HttpResponse<String> response = post("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello\"}],\"max_completion_tokens\":50,\"reasoning_effort\":\"low\"}");

        assertThat(server.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/v1");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(server.promptTokens(server.lastCall()));
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(server.countTokens("Hello"));
        ChatCall call = server.lastCall();
        assertThat(call.deployment()).isEqualTo("llama3.2");
        assertThat(call.bearerToken()).contains("sk-wire");
        assertThat(call.maxCompletionTokens()).hasValue(50);
        assertThat(call.reasoningEffort()).contains("low");
    }

    @Test
    void streamsServerSentEventsWithAUsageChunkBeforeDone() throws Exception {
        server.reply(Reply.text("one two three"));

        HttpResponse<String> response = post("{\"model\":\"m\",\"stream\":true,\"stream_options\":"
                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}");

        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        List<String> data = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6)).toList();
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        for (String event : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(event);
            chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
            }
        }
        assertThat(text).hasToString("one two three");
        assertThat(usage).isNotNull();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(server.countTokens("one two three"));
    }

    @Test
    void quirksRefuseAsThoseServersDoWithOpenAisErrorBody() throws Exception {
        server.quirks(ServerQuirk.NO_JSON_SCHEMA, ServerQuirk.REASONING_MODEL).respondWith(call -> Reply.text("{}"));

        JsonNode schema = JSON.readTree(post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{}}}}").body()).path("error");
        JsonNode temperature = JSON.readTree(post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.2}").body())
                .path("error");
        HttpResponse<String> jsonMode = post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":"
                + "\"json_object\"}}");

        assertThat(schema.path("param").asText()).isEqualTo("response_format");
        assertThat(schema.path("message").asText()).contains("json_schema");
        assertThat(schema.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(temperature.path("param").asText()).isEqualTo("temperature");
        assertThat(temperature.path("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(jsonMode.statusCode()).isEqualTo(200);
        // Refused calls are recorded too, so tests can show each refusal was learned once.
        assertThat(server.calls()).extracting(call -> call.responseFormat().orElse("text"))
                .containsExactly("json_schema", "text", "json_object");
    }

    @Test
    void aRequestWithoutAModelIsRefused() throws Exception {
        HttpResponse<String> response = post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("model");
    }

    @Test
    void throttlingCarriesRetryAfter() throws Exception {
        server.reply(Reply.throttled(Duration.ofSeconds(2)));

        HttpResponse<String> response = post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("2");
        assertThat(JSON.readTree(response.body()).path("error").isObject()).isTrue();
    }
}
