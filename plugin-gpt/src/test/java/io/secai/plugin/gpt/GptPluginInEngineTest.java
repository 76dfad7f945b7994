package io.secai.plugin.gpt;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.Plugin;
import io.secai.engine.ProgressEvent;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.execution.ClientLookup;
import io.secai.engine.execution.PromptLimits;
import io.secai.engine.execution.PromptRunner;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.Plan;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.InMemorySessionStore;
import io.secai.engine.session.SessionRegistry;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The GPT plugin as the engine runs it: after another task, with the engine's task-scoped model client. */
class GptPluginInEngineTest {

    @Test
    void gptAnswersFromTheResultOfTheTaskBeforeItAndStreamsThroughTheEngine() throws Exception {
        ScriptedLlmClient scripted = new ScriptedLlmClient().respond(request -> ChatResponse.of(
                "INC-7 is the only high-severity incident.", TokenUsage.of(1, 80, 12), "stop"));
        ObservableLlmClient model = new Observable(scripted);
        SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
        LoadedPlugin incidents = new LoadedPlugin(new IncidentsPlugin(), getClass().getClassLoader(),
                Path.of("incidents"));
        LoadedPlugin gpt = new LoadedPlugin(new GptPlugin(), getClass().getClassLoader(), Path.of("plugin-gpt"));
        List<Task> tasks = List.of(Task.of("incidents", "list", "high-severity incidents"),
                Task.of("gpt", "answer", "Summarise them for a manager"));
        ClientLookup clients = type -> type == LlmClient.class ? Optional.of(model) : Optional.empty();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        PromptOutcome outcome;
        try (PromptRunner runner = new PromptRunner(sessions,
                (prompt, session, plugins, observer) -> new Plan(tasks, "", TokenUsage.NONE),
                List.of(incidents, gpt), clients, new ContextWindow(5, 12_000, 2_000, model::countTokens),
                new PromptLimits(8_000), AuditLog.disabled(), Clock.systemUTC(), UnaryOperator.identity())) {
            String session = sessions.create("analyst").id();
            outcome = runner.submit(session, "summarise the high-severity incidents", events::add).outcome()
                    .get(30, TimeUnit.SECONDS);
        }

        assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(scripted.lastRequest().messages().get(1).content())
                .containsPattern("(?s)<<<UNTRUSTED (\\w+) session context>>>.*INC-7 \\| High.*<<<END-UNTRUSTED \\1>>>");
        assertThat(events.stream().filter(ProgressEvent.TaskTextDelta.class::isInstance)
                .map(event -> ((ProgressEvent.TaskTextDelta) event).text()).reduce("", String::concat))
                .isEqualTo("INC-7 is the only high-severity incident.");
        assertThat(outcome.tasks().get(1).result().usage()).isEqualTo(TokenUsage.of(1, 80, 12));
    }

    /** A data plugin standing in for the KQL plugin: it returns a fixed table and fetches nothing. */
    private static final class IncidentsPlugin implements Plugin {
        @Override
        public String name() {
            return "incidents";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public String apiVersion() {
            return ApiVersion.CURRENT;
        }

        @Override
        public String description() {
            return "Lists incidents";
        }

        @Override
        public List<Capability> capabilities() {
            return List.of(Capability.of("list", "List incidents"));
        }

        @Override
        public TaskResult run(Task task, TaskContext context) {
            return TaskResult.builder().markdown("1 incident").contextText("Id | Severity\nINC-7 | High").build();
        }
    }

    /**
     * The engine's model interface over the kit's scripted model, which stands in for the model at a boundary this
     * test cannot run (the Azure OpenAI client is tested against the HTTPS fake elsewhere). It reports no waits.
     */
    private record Observable(ScriptedLlmClient scripted) implements ObservableLlmClient {
        @Override
        public ChatResponse complete(ChatRequest request, CallObserver observer) {
            return scripted.complete(request);
        }

        @Override
        public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
            return scripted.stream(request, onDelta);
        }

        @Override
        public int countTokens(String text) {
            return scripted.countTokens(text);
        }
    }
}
