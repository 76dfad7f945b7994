package io.secai.models;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.engine.ModelUsage;
import io.secai.engine.ProgressEvent;
import io.secai.engine.PromptOutcome;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.openai.ServerQuirk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The real engine with the plugins the build installed into plugins-dir, plugin-llm-openai among them, talking
 * OpenAI's wire format over plain HTTP to a local fake model server, as with Ollama or vLLM.
 */
class OpenAiProviderEndToEndTest {

    private static final String PLAN = "{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"answer\","
            + "\"instruction\":\"Say hello\",\"inputs\":[]}]}";

    @TempDir
    Path dir;

    private final FakeOpenAi server = FakeOpenAi.startPlainHttp();

    @AfterEach
    void close() {
        server.close();
    }

    private Engine start(Map<String, String> environment, Map<String, String> overrides) {
        Path pluginsDir = Path.of(System.getProperty("secai.plugins-dir", "../plugins-dir")).toAbsolutePath();
        Map<String, String> settings = new java.util.HashMap<>(overrides);
        settings.put("secai.data-dir", dir.resolve("data").toString());
        return Engines.start(new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("none"), dir,
                environment, settings));
    }

    private static Map<String, String> openAiEnvironment(String baseUrl, String model) {
        return Map.of("SECAI_LLM_PROVIDER", "openai", "OPENAI_BASE_URL", baseUrl, "OPENAI_API_KEY", "sk-e2e",
                "SECAI_LLM_MODEL", model);
    }

    private static Function<ChatCall, Reply> planThenAnswer(String answer) {
        return call -> call.schemaName().filter("secai_plan"::equals).isPresent()
                || call.systemText().contains("\"secai_plan\"") ? Reply.text(PLAN) : Reply.text(answer);
    }

    private record Run(PromptOutcome outcome, List<ProgressEvent> events) {
        String answer() {
            return outcome.tasks().get(0).result().markdown().strip();
        }

        String planNote() {
            return events.stream().filter(ProgressEvent.PlanReady.class::isInstance)
                    .map(event -> ((ProgressEvent.PlanReady) event).note()).findFirst().orElse("");
        }
    }

    private static Run ask(Engine engine, String prompt) throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        String session = engine.sessions().create("e2e").id();
        PromptOutcome outcome = engine.submit(session, prompt, events::add).outcome().get(60, TimeUnit.SECONDS);
        return new Run(outcome, events);
    }

    @Test
    void promptIsPlannedAndAnsweredOverTheOpenAiWireFormatByThePluginFromPluginsDir() throws Exception {
        server.respondWith(planThenAnswer("Hello from the local model"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "llama3.2"), Map.of())) {
            assertThat(engine.plugins()).anySatisfy(status -> {
                assertThat(status.name()).isEqualTo("plugin-llm-openai");
                assertThat(status.description()).contains("LlmConnector");
            });
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Hello from the local model");
        }
        assertThat(server.calls()).extracting(ChatCall::deployment).containsOnly("llama3.2");
        assertThat(server.calls()).allSatisfy(call -> assertThat(call.bearerToken()).contains("sk-e2e"));
        assertThat(server.calls().get(0).schemaName()).contains("secai_plan");
    }

    @Test
    void plannerAndAnswerCallsReachTheModelsOfTheirRoles() throws Exception {
        server.respondWith(planThenAnswer("Answered by the strong model"));
        Map<String, String> overrides = Map.of(
                "llm.models.cheap.model", "small-planner",
                "llm.models.strong.model", "big-writer",
                "llm.roles.planner", "cheap",
                "llm.roles.answer", "strong");

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "unused-default"), overrides)) {
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Answered by the strong model");
            // Usage per model: each profile's own calls and the tokens its server reported.
            assertThat(engine.modelUsage()).extracting(ModelUsage::profile, ModelUsage::label,
                            usage -> usage.usage().calls())
                    .containsExactly(tuple("cheap", "openai:small-planner", 1L),
                            tuple("strong", "openai:big-writer", 1L));
            assertThat(engine.modelUsage().get(0).usage().promptTokens())
                    .isEqualTo(server.promptTokens(server.calls().get(0)));
            assertThat(engine.modelUsage().stream().mapToLong(model -> model.usage().totalTokens()).sum())
                    .isEqualTo(server.promptTokens() + server.completionTokens());
            // Neither name is a model jtokkit knows, so local counts are estimates and say so.
            assertThat(engine.modelUsage()).noneMatch(ModelUsage::exactTokens);
        }
        assertThat(server.calls()).extracting(ChatCall::deployment).containsExactly("small-planner", "big-writer");
    }

    @Test
    void serverWithoutJsonSchemaStillPlansWithJsonMode() throws Exception {
        server.quirks(ServerQuirk.NO_JSON_SCHEMA).respondWith(planThenAnswer("Hello"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "vllm-model"), Map.of())) {
            Run first = ask(engine, "Say hello");
            Run second = ask(engine, "Say hello again");

            assertThat(first.outcome().succeeded()).as(first.outcome().message()).isTrue();
            assertThat(second.outcome().succeeded()).isTrue();
            assertThat(first.planNote()).isEmpty();
        }
        // The refusal costs one call once: json_schema refused, then JSON mode from then on.
        assertThat(server.calls()).extracting(call -> call.responseFormat().orElse("text"))
                .containsExactly("json_schema", "json_object", "text", "json_object", "text");
    }

    @Test
    void serverWithoutAnyJsonModePlansFromTheTextAfterRepair() throws Exception {
        server.quirks(ServerQuirk.NO_JSON_MODE).respondWith(call -> call.systemText().contains("secai_plan")
                ? Reply.text("Here is the plan:\n```json\n" + PLAN + "\n```") : Reply.text("Hello"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "llamacpp-model"), Map.of())) {
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Hello");
        }
    }

    @Test
    void modelThatCannotFollowThePlanSchemaStillGetsAnAnswerAndTheUserIsToldWhy() throws Exception {
        server.quirks(ServerQuirk.NO_JSON_MODE).respondWith(call -> call.systemText().contains("secai_plan")
                ? Reply.text("I would answer the question directly.") : Reply.text("Hello anyway"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "tiny-model"), Map.of())) {
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Hello anyway");
            assertThat(run.planNote()).startsWith("fell back to gpt");
        }
    }

    @Test
    void serverThatCannotStreamIsAskedForWholeAnswersFromThenOn() throws Exception {
        server.quirks(ServerQuirk.NO_STREAMING).respondWith(planThenAnswer("Whole hello"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "llamafile"), Map.of())) {
            Run first = ask(engine, "Say hello");
            Run second = ask(engine, "Say hello again");

            assertThat(first.outcome().succeeded()).as(first.outcome().message()).isTrue();
            assertThat(first.answer()).isEqualTo("Whole hello");
            assertThat(second.answer()).isEqualTo("Whole hello");
        }
        // The answer's first call asks to stream and is refused; every later answer is asked whole.
        assertThat(server.calls()).extracting(ChatCall::stream)
                .containsExactly(false, true, false, false, false);
    }

    @Test
    void streamingServerStreamsTheAnswerWithUsage() throws Exception {
        server.respondWith(planThenAnswer("Streamed hello from the local model"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "llama3.2"), Map.of())) {
            List<ProgressEvent> events = ask(engine, "Say hello").events();

            assertThat(events).filteredOn(ProgressEvent.TaskTextDelta.class::isInstance).hasSizeGreaterThan(1);
            // The usage chunk at the stream's end is what is counted, not a local estimate.
            assertThat(engine.modelUsage().get(0).usage().completionTokens()).isEqualTo(server.completionTokens());
        }
        assertThat(server.lastCall().stream()).isTrue();
        assertThat(server.lastCall().includeUsage()).isTrue();
    }

    @Test
    void reasoningModelThatRejectsTemperatureIsAskedWithoutIt() throws Exception {
        server.quirks(ServerQuirk.REASONING_MODEL).respondWith(planThenAnswer("Reasoned hello"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "local-reasoner"),
                Map.of("llm.reasoning-effort", "low"))) {
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Reasoned hello");
        }
        ChatCall last = server.lastCall();
        assertThat(last.temperature()).isEmpty();
        assertThat(last.maxTokens()).isEmpty();
        assertThat(last.maxCompletionTokens()).isPresent();
        assertThat(last.reasoningEffort()).contains("low");
        // Two refusals, each learned once: temperature, then max_tokens; the answer's call is right at once.
        assertThat(server.calls()).hasSize(4);
    }

    @Test
    void privateModeRefusesARemoteModelAndSaysSoAtStart() throws Exception {
        Map<String, String> environment = openAiEnvironment("https://models.example.com/v1", "remote-model");

        try (Engine engine = start(environment, Map.of("llm.local-only", "true"))) {
            assertThat(engine.notices()).anySatisfy(notice -> assertThat(notice).startsWith("Private mode is on"));
            assertThat(engine.notices()).anySatisfy(notice -> assertThat(notice)
                    .contains("refuses the model profile \"default\" at https://models.example.com/v1"));
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).isFalse();
            assertThat(run.outcome().message()).contains("Private mode").contains("llm.allowed-hosts");
        }
    }

    @Test
    void privateModeAllowsAModelOnThisMachine() throws Exception {
        server.respondWith(planThenAnswer("Local hello"));

        try (Engine engine = start(openAiEnvironment(server.baseUrl(), "llama3.2"), Map.of("llm.local-only",
                "true"))) {
            assertThat(engine.notices()).noneSatisfy(notice -> assertThat(notice).contains("refuses"));
            Run run = ask(engine, "Say hello");

            assertThat(run.outcome().succeeded()).as(run.outcome().message()).isTrue();
            assertThat(run.answer()).isEqualTo("Local hello");
        }
    }
}
