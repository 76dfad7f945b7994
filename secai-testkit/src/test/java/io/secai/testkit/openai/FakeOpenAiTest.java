package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FakeOpenAiTest {

    private static final String PLAIN_REQUEST = """
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}],
             "temperature":0.2,"max_tokens":50}""";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().sslContext(TestTls.shared().clientContext()).build();
    private FakeOpenAi fake;

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void answersACompletionInAzureShapeWithUsageCountedByO200k() throws Exception {
        fake.reply(Reply.text("Hello there"));

        HttpResponse<String> response = post("gpt-4o", PLAIN_REQUEST, "api-key", "k");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello there");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("choices").get(0).has("content_filter_results")).isTrue();
        assertThat(body.path("prompt_filter_results").get(0).path("prompt_index").asInt()).isZero();
        int expectedPrompt = fake.countTokens("Be brief.") + fake.countTokens("Say hello") + 2 * 3 + 3;
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(expectedPrompt);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(fake.countTokens("Hello there"));
        assertThat(body.path("usage").path("total_tokens").asInt())
                .isEqualTo(expectedPrompt + fake.countTokens("Hello there"));
        assertThat(fake.promptTokens()).isEqualTo(expectedPrompt);
        assertThat(fake.bytesReceived()).isEqualTo(PLAIN_REQUEST.getBytes().length);
    }

    @Test
    void recordsTheParsedCall() throws Exception {
        fake.reply(Reply.text("{}"));
        String request = """
                {"messages":[{"role":"user","content":[{"type":"text","text":"part one"}]}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"plan","strict":true,
                 "schema":{"type":"object"}}}}""";

        post("my-deployment", request, "Authorization", "Bearer token-123");

        ChatCall call = fake.lastCall();
        assertThat(call.number()).isEqualTo(1);
        assertThat(call.deployment()).isEqualTo("my-deployment");
        assertThat(call.apiVersion()).isEqualTo("2024-10-21");
        assertThat(call.messages()).containsExactly(new ChatCall.Message("user", "part one"));
        assertThat(call.responseFormat()).contains("json_schema");
        assertThat(call.schemaName()).contains("plan");
        assertThat(call.schema()).contains("{\"type\":\"object\"}");
        assertThat(call.bearerToken()).contains("token-123");
        assertThat(call.apiKey()).isEmpty();
        assertThat(call.stream()).isFalse();
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        fake.reply(Reply.text("one two three"));
        String request = """
                {"messages":[{"role":"user","content":"count"}],"stream":true,
                 "stream_options":{"include_usage":true}}""";

        HttpResponse<String> response = post("d", request, "api-key", "k");

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring(6));
            }
        }
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = json.readTree(event);
            for (JsonNode choice : chunk.path("choices")) {
                text.append(choice.path("delta").path("content").asText(""));
            }
            if (chunk.has("usage")) {
                usage = chunk.get("usage");
            }
        }
        assertThat(text.toString()).isEqualTo("one two three");
        assertThat(usage).isNotNull();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(fake.countTokens("one two three"));
        assertThat(json.readTree(events.get(1)).path("object").asText()).isEqualTo("chat.completion.chunk");
    }

    @Test
    void throttlesWithBothRetryHeaders() throws Exception {
        fake.reply(Reply.throttled(Duration.ofMillis(1500)));

        HttpResponse<String> response = post("d", PLAIN_REQUEST, "api-key", "k");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("2");
        assertThat(response.headers().firstValue("retry-after-ms")).contains("1500");
        assertThat(json.readTree(response.body()).path("error").path("code").asText()).isEqualTo("429");
        assertThat(fake.promptTokens()).isZero();
    }

    @Test
    void refusesWithAContentFilterErrorNamingTheCategory() throws Exception {
        fake.reply(Reply.contentFilter("violence"));

        HttpResponse<String> response = post("d", PLAIN_REQUEST, "api-key", "k");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("content_filter");
        assertThat(error.path("innererror").path("code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        JsonNode results = error.path("innererror").path("content_filter_result");
        assertThat(results.path("violence").path("filtered").asBoolean()).isTrue();
        assertThat(results.path("violence").path("severity").asText()).isEqualTo("high");
        assertThat(results.path("hate").path("filtered").asBoolean()).isFalse();
    }

    @Test
    void refusesCallsWithoutCredentialsOrWithTheWrongKey() throws Exception {
        fake.requireApiKey("right");

        assertThat(post("d", PLAIN_REQUEST, "x-other", "v").statusCode()).isEqualTo(401);
        assertThat(post("d", PLAIN_REQUEST, "api-key", "wrong").statusCode()).isEqualTo(401);
        assertThat(fake.callCount()).isEqualTo(2);
    }

    @Test
    void usesTheQueueFirstThenTheResponderThenSaysNothingWasScripted() throws Exception {
        fake.reply(Reply.serverError());
        HttpResponse<String> first = post("d", PLAIN_REQUEST, "api-key", "k");
        HttpResponse<String> unscripted = post("d", PLAIN_REQUEST, "api-key", "k");
        fake.respondWith(call -> Reply.text("echo: " + call.lastUserText()));
        HttpResponse<String> answered = post("d", PLAIN_REQUEST, "api-key", "k");

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(unscripted.statusCode()).isEqualTo(400);
        assertThat(unscripted.body()).contains("no reply scripted for call #2");
        assertThat(json.readTree(answered.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("echo: Say hello");
    }

    @Test
    void answersAnUnknownPathWith404() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.endpoint() + "/openai/models"))
                .header("api-key", "k").GET().build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(fake.callCount()).isZero();
    }

    private HttpResponse<String> post(String deployment, String body, String header, String value)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.endpoint() + "/openai/deployments/" + deployment
                        + "/chat/completions?api-version=2024-10-21"))
                .header("Content-Type", "application/json")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
