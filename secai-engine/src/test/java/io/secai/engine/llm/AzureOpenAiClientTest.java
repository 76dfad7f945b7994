package io.secai.engine.llm;

import io.secai.api.AccessToken;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.JsonSchema;
import io.secai.api.MissingSettingException;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The real azure-ai-openai client over HTTPS against {@link FakeOpenAi}. */
class AzureOpenAiClientTest {

    private static final String KEY = "sk-test-5e3c1d7a9b";
    private static final String DEPLOYMENT = "gpt-4o";
    private static final Duration MAX_WAIT = Duration.ofMillis(40);
    /** Fails loudly: these tests authenticate with the key unless they say otherwise. */
    private static final TokenProvider NO_IDENTITY = scopes -> {
        throw new ServiceException("Entra ID", ServiceException.Kind.UNAVAILABLE, "not signed in");
    };

    private FakeOpenAi fake;
    private final List<Wait> waits = new CopyOnWriteArrayList<>();
    private final CallObserver observer = (delay, reason) -> waits.add(new Wait(delay, reason));

    private record Wait(Duration delay, String reason) { }

    @BeforeAll
    static void trustTheFake() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AzureOpenAiClient client() {
        return new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), KEY, DEPLOYMENT).withRetries(3, MAX_WAIT),
                NO_IDENTITY);
    }

    private static ChatRequest hello() {
        return ChatRequest.of("test", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Say hello")));
    }

    @Test
    void completesWithTheUsageTheServiceReports() {
        fake.reply(Reply.text("Hello, analyst."));

        ChatResponse response = client().complete(hello(), observer);

        assertThat(response.content()).isEqualTo("Hello, analyst.");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.usage().calls()).isEqualTo(1);
        assertThat(response.usage().promptTokens()).isEqualTo(fake.promptTokens()).isPositive();
        assertThat(response.usage().completionTokens()).isEqualTo(fake.completionTokens()).isPositive();
        ChatCall call = fake.lastCall();
        assertThat(call.deployment()).isEqualTo(DEPLOYMENT);
        assertThat(call.apiVersion()).matches("\\d{4}-\\d{2}-\\d{2}(-preview)?");
        assertThat(call.apiKey()).contains(KEY);
        assertThat(call.bearerToken()).isEmpty();
        assertThat(call.messages()).extracting(ChatCall.Message::role).containsExactly("system", "user");
        assertThat(call.stream()).isFalse();
        assertThat(waits).isEmpty();
    }

    @Test
    void manyConcurrentStreamsAllComplete() throws Exception {
        // More streams at once than azure-core's shared pool has threads: with the SDK's default executor the
        // blocking body reads starve the delivery of the chunks they wait for, and every call hangs.
        fake.respondWith(call -> Reply.text("answer to " + call.lastUserText() + " " + "with many words ".repeat(40)));
        AzureOpenAiClient client = client();
        int calls = 64;
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        try {
            List<Future<ChatResponse>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String question = "question " + i;
                answers.add(callers.submit(() -> client.stream(ChatRequest.of("test",
                        List.of(ChatMessage.user(question))), delta -> { })));
            }
            for (int i = 0; i < calls; i++) {
                assertThat(answers.get(i).get(2, TimeUnit.MINUTES).content()).startsWith("answer to question " + i + " ");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(fake.callCount()).isEqualTo(calls);
    }

    @Test
    void takesTemperatureAndLimitFromSettingsUnlessTheRequestOverrides() {
        fake.respondWith(call -> Reply.text("ok"));
        AzureOpenAiClient client = client();

        client.complete(hello());
        ChatCall defaults = fake.lastCall();
        client.complete(hello().withTemperature(0.7).withMaxTokens(99));
        ChatCall overridden = fake.lastCall();

        assertThat(defaults.temperature()).hasValue(OpenAiSettings.DEFAULT_TEMPERATURE);
        assertThat(defaults.maxTokens()).hasValue(OpenAiSettings.DEFAULT_MAX_TOKENS);
        assertThat(overridden.temperature()).hasValue(0.7);
        assertThat(overridden.maxTokens()).hasValue(99);
    }

    @Test
    void streamsDeltasInOrderWithUsageFromTheLastChunk() {
        fake.reply(Reply.text("Three new incidents were opened today."));
        List<String> deltas = new ArrayList<>();

        ChatResponse response = client().stream(hello(), deltas::add, observer);

        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo("Three new incidents were opened today.");
        assertThat(response.content()).isEqualTo("Three new incidents were opened today.");
        assertThat(response.usage().completionTokens()).isEqualTo(fake.completionTokens());
        assertThat(response.usage().promptTokens()).isEqualTo(fake.promptTokens());
        assertThat(fake.lastCall().stream()).isTrue();
        assertThat(fake.lastCall().includeUsage()).isTrue();
    }

    @Test
    void retriesAThrottledStreamBeforeAnyTextWasShown() {
        fake.reply(Reply.throttled(Duration.ofMillis(15)), Reply.text("after the wait"));
        List<String> deltas = new ArrayList<>();

        ChatResponse response = client().stream(hello(), deltas::add, observer);

        assertThat(String.join("", deltas)).isEqualTo("after the wait");
        assertThat(response.content()).isEqualTo("after the wait");
        assertThat(waits).extracting(Wait::delay).containsExactly(Duration.ofMillis(15));
        assertThat(waits.get(0).reason()).startsWith("throttled (HTTP 429), waiting 15 ms as the service asks");
    }

    @Test
    void rejectsAnAnswerTheContentFilterWithheld() {
        fake.reply(Reply.text("").withFinishReason("content_filter"));

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client().complete(hello()));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(error.getMessage()).contains("content filter withheld the answer");
    }

    @Test
    void reportsATimeoutWhenTheServiceIsTooSlow() {
        fake.reply(Reply.text("late").withDelay(Duration.ofSeconds(3)));
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), KEY, DEPLOYMENT)
                .withRetries(1, MAX_WAIT).withTimeout(Duration.ofMillis(300)), NO_IDENTITY);

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client.complete(hello()));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.TIMEOUT);
        assertThat(error.getMessage()).contains("openai.timeout");
    }

    @Test
    void sendsTheJsonSchemaAsStrictStructuredOutput() {
        String schema = """
                {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],\
                "additionalProperties":false}""";
        fake.reply(Reply.text("{\"answer\":\"42\"}"));

        ChatResponse response = client().complete(hello().withSchema(JsonSchema.of("answer_schema", schema)));

        assertThat(response.content()).isEqualTo("{\"answer\":\"42\"}");
        ChatCall call = fake.lastCall();
        assertThat(call.responseFormat()).contains("json_schema");
        assertThat(call.schemaName()).contains("answer_schema");
        assertThat(call.schema()).hasValueSatisfying(sent -> assertThat(sent)
                .contains("\"required\":[\"answer\"]").contains("\"additionalProperties\":false"));
        assertThat(call.body()).contains("\"strict\":true");
    }

    @Test
    void waitsWhatTheServiceAsksAfterA429ThenSucceeds() {
        fake.reply(Reply.throttled(Duration.ofMillis(25)), Reply.text("done"));

        ChatResponse response = client().complete(hello(), observer);

        assertThat(response.content()).isEqualTo("done");
        assertThat(fake.callCount()).isEqualTo(2);
        assertThat(waits).extracting(Wait::delay).containsExactly(Duration.ofMillis(25));
        assertThat(waits.get(0).reason()).isEqualTo("throttled (HTTP 429), waiting 25 ms as the service asks; 60s of "
                + "the 60s throttling budget (openai.retry.budget) left after this wait");
    }

    @Test
    void throttlingStormIsWaitedOutAsRetryAfterAsksBeyondTheAttemptsWithTheBudgetLeftShown() {
        // Three 429s asking for 1 s each (Retry-After alone, as most gateways send it): more throttled answers than
        // openai.retry.max-attempts (2) allows, and each wait longer than openai.retry.max-wait (40 ms). Throttling
        // is waited out as asked within openai.retry.budget instead.
        Reply throttled = Reply.status(429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit\"}}")
                .withHeader("Retry-After", "1");
        fake.reply(throttled, throttled, throttled, Reply.text("after the storm"));
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), KEY, DEPLOYMENT)
                .withRetries(2, MAX_WAIT).withThrottleBudget(Duration.ofSeconds(10)), NO_IDENTITY);
        long started = System.nanoTime();

        ChatResponse response = client.complete(hello(), observer);

        assertThat(response.content()).isEqualTo("after the storm");
        assertThat(fake.callCount()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(waits).extracting(Wait::delay).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        assertThat(waits).extracting(Wait::reason).allSatisfy(reason -> assertThat(reason)
                .startsWith("throttled (HTTP 429), waiting 1s as the service asks; ")
                .endsWith(" of the 10s throttling budget (openai.retry.budget) left after this wait"));
        assertThat(waits.get(0).reason()).contains("; 9s of the 10s");
        assertThat(waits.get(2).reason()).containsPattern("; [67]s of the 10s");
    }

    @Test
    void aWaitLongerThanTheThrottlingBudgetGivesUpAtOnceNamingTheSetting() {
        fake.reply(Reply.throttled(Duration.ofHours(1)), Reply.text("never sent"));

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client().complete(hello(), observer));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
        assertThat(error.getMessage()).contains("Azure OpenAI").contains("HTTP 429")
                .contains("the service asks for 3600s more").contains("openai.retry.budget is 60s");
        assertThat(fake.callCount()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void reportsThrottledWhen429OutlastsTheBudget() {
        fake.respondWith(call -> Reply.throttled(Duration.ofMillis(40)));
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), KEY, DEPLOYMENT)
                .withRetries(2, MAX_WAIT).withThrottleBudget(Duration.ofMillis(300)), NO_IDENTITY);

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client.complete(hello(), observer));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
        assertThat(error.getMessage()).contains("Azure OpenAI").contains("HTTP 429")
                .contains("openai.retry.budget is 300 ms");
        // More tries than the two attempts allow, and never more waiting than the budget.
        assertThat(fake.callCount()).isGreaterThan(2);
        assertThat(waits.stream().map(Wait::delay).reduce(Duration.ZERO, Duration::plus))
                .isLessThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void rejectsAContentFilterRefusalWithAReadableMessageWithoutRetrying() {
        fake.reply(Reply.contentFilter("violence"), Reply.text("never sent"));

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client().complete(hello(), observer));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(error.getMessage())
                .contains("Azure OpenAI's content filter refused the prompt (category: violence, severity high)");
        assertThat(fake.callCount()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesAServerErrorThenSucceeds() {
        fake.reply(Reply.serverError(), Reply.text("recovered"));

        ChatResponse response = client().complete(hello(), observer);

        assertThat(response.content()).isEqualTo("recovered");
        assertThat(fake.callCount()).isEqualTo(2);
        assertThat(waits).extracting(Wait::reason).containsExactly("service error (HTTP 500)");
    }

    @Test
    void rejectsAnUnknownDeploymentNamingItWithoutRetrying() {
        fake.reply(Reply.deploymentNotFound());

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client().complete(hello(), observer));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(error.getMessage()).contains("\"gpt-4o\"").contains("HTTP 404").contains("openai.deployment");
        assertThat(fake.callCount()).isEqualTo(1);
    }

    @Test
    void reportsAnUnreachableEndpointAsUnavailableNamingIt() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "https://127.0.0.1:" + socket.getLocalPort();
        }
        AzureOpenAiClient client = new AzureOpenAiClient(
                OpenAiSettings.of(closed, KEY, DEPLOYMENT).withRetries(2, MAX_WAIT), NO_IDENTITY);

        ServiceException error = catchThrowableOfType(ServiceException.class, () -> client.complete(hello(), observer));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
        assertThat(error.getMessage()).contains(closed).contains("openai.endpoint").doesNotContain(KEY);
        assertThat(waits).hasSize(1);
    }

    @Test
    void sendsTheSignedInIdentitysBearerTokenWhenNoKeyIsConfigured() {
        List<Set<String>> scopesAsked = new CopyOnWriteArrayList<>();
        TokenProvider identity = scopes -> {
            scopesAsked.add(scopes);
            return AccessToken.of("entra-token-xyz", Instant.now().plusSeconds(3600));
        };
        fake.requireBearerToken("entra-token-xyz").reply(Reply.text("hi"));
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), null, DEPLOYMENT),
                identity);

        assertThat(client.complete(hello()).content()).isEqualTo("hi");
        assertThat(fake.lastCall().bearerToken()).contains("entra-token-xyz");
        assertThat(fake.lastCall().apiKey()).isEmpty();
        assertThat(scopesAsked).containsExactly(Set.of(AzureOpenAiClient.SCOPE));
    }

    @Test
    void passesOnTheIdentitysOwnErrorWhenNobodyIsSignedIn() {
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), null, DEPLOYMENT),
                NO_IDENTITY);

        assertThatThrownBy(() -> client.complete(hello()))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Entra ID: not signed in");
        assertThat(fake.callCount()).isZero();
    }

    @Test
    void neverShowsTheApiKeyInAnError() {
        fake.reply(Reply.unauthorized(),
                Reply.status(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"bad key " + KEY + "\"}}"));
        AzureOpenAiClient client = client();

        ServiceException unauthorized = catchThrowableOfType(ServiceException.class, () -> client.complete(hello()));
        ServiceException echoed = catchThrowableOfType(ServiceException.class, () -> client.complete(hello()));

        assertThat(unauthorized.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(unauthorized.getMessage()).contains("HTTP 401").doesNotContain(KEY);
        assertThat(echoed.getMessage()).contains("bad key ***").doesNotContain(KEY);
        assertThat(client.toString()).doesNotContain(KEY);
    }

    @Test
    void namesAMissingEndpointOnFirstUseNotAtConstruction() {
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(null, KEY, DEPLOYMENT), NO_IDENTITY);

        assertThatThrownBy(() -> client.complete(hello()))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("openai.endpoint")
                .hasMessageContaining("AZURE_OPENAI_ENDPOINT");
    }

    @Test
    void namesAMissingDeploymentOnFirstUse() {
        AzureOpenAiClient client = new AzureOpenAiClient(OpenAiSettings.of(fake.endpoint(), KEY, " "), NO_IDENTITY);

        assertThatThrownBy(() -> client.complete(hello()))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("openai.deployment")
                .hasMessageContaining("AZURE_OPENAI_MODELNAME");
    }

    @Test
    void countsTokensWithO200kLikeTheService() {
        String text = "SecurityIncident | where TimeGenerated > ago(30d) | summarize count() by Severity";

        assertThat(client().countTokens(text)).isEqualTo(fake.countTokens(text)).isPositive();
    }
}
