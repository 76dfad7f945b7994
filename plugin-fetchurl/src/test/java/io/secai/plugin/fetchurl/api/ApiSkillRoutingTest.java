package io.secai.plugin.fetchurl.api;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.execution.ClientLookup;
import io.secai.engine.execution.PromptLimits;
import io.secai.engine.execution.PromptRunner;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.LlmPlanner;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.InMemorySessionStore;
import io.secai.engine.session.SessionRegistry;
import io.secai.testkit.plugin.ScriptedLlmClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.ResultTable;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.plugin.fetchurl.FetchUrlPlugin;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.TestPluginContext;
import io.secai.testkit.secrets.SecretEncodings;
import io.secai.testkit.tls.TestTls;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner sees an API skill as a capability with its inputs as parameters; a plan that names it runs the call
 * with the input the prompt gave, and the rows the API answered reach the next model request only inside the
 * untrusted-text fence.
 */
class ApiSkillRoutingTest extends ApiSkillFake {

    @Test
    void thePlannerRoutesAPromptToTheApiSkillWithItsInputFilled() throws Exception {
        String domain = "evil.example/../../admin?x=1";
        ScriptedLlmClient scripted = new ScriptedLlmClient()
                .answer("""
                        {"tasks": [{"plugin": "fetchurl", "capability": "domain-reputation",
                          "instruction": "look up the domain's reputation",
                          "inputs": [{"name": "Domain", "value": "%s"}]}]}""".formatted(domain))
                .answer("""
                        {"tasks": [{"plugin": "fetchurl", "capability": "ioc-search",
                          "instruction": "search the indicator",
                          "inputs": [{"name": "Value", "value": "evil.example"},
                                     {"name": "Kinds", "value": "domain"}]}]}""");
        next.set(Answer.json(ROWS));
        Observable model = new Observable(scripted);
        SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
        ClientLookup clients = type -> type == LlmClient.class ? Optional.of(model) : Optional.empty();
        PromptOutcome first;
        PromptOutcome second;
        try (PromptRunner runner = new PromptRunner(sessions, new LlmPlanner(model),
                List.of(new LoadedPlugin(plugin, getClass().getClassLoader(), Path.of("plugin-fetchurl"))), clients,
                new ContextWindow(5, 12_000, 2_000, model::countTokens), new PromptLimits(8_000),
                AuditLog.disabled(), Clock.systemUTC(), UnaryOperator.identity())) {
            String session = sessions.create("analyst").id();
            first = runner.submit(session, "what is the reputation of " + domain, event -> { })
                    .outcome().get(30, TimeUnit.SECONDS);
            next.set(Answer.json("{\"results\": []}"));
            second = runner.submit(session, "now search it as an indicator", event -> { })
                    .outcome().get(30, TimeUnit.SECONDS);
        }

        assertThat(first.status()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        String planRequest = ScriptedLlmClient.text(scripted.requests().get(0));
        assertThat(planRequest).contains("domain-reputation").contains("Domain").contains("Limit")
                .contains("a saved call to www.example.com");
        assertThat(first.plan().get(0).capability()).isEqualTo("domain-reputation");
        assertThat(first.plan().get(0).inputs()).containsEntry("Domain", domain);
        // The input reached the service as one path segment; no model call but the plan's.
        Seen request = seen.poll();
        String[] segments = request.rawPath().split("/");
        assertThat(URLDecoder.decode(segments[4], StandardCharsets.UTF_8)).isEqualTo(domain);
        assertThat(request.rawQuery()).isEqualTo("limit=10&fields=all");
        assertThat(first.tasks().get(0).result().table().orElseThrow().rows()).hasSize(2);

        assertThat(second.status()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(scripted.requests()).hasSize(2);
        String nextPlan = ScriptedLlmClient.text(scripted.requests().get(1));
        // The API's answer (with the injection one of its rows carries) is in the next request, fenced.
        assertThat(nextPlan).contains(INJECTION);
        assertThat(nextPlan).containsPattern("(?s)<<<UNTRUSTED (\\w+)[^\\n]*>>>(?:(?!<<<END-UNTRUSTED \\1>>>).)*"
                + Pattern.quote(INJECTION));
        assertThat(SecretEncodings.leaks(nextPlan + planRequest, List.of(KEY, TOKEN))).isEmpty();
    }

    /** The engine's model interface over the kit's scripted model (the model is the boundary this test cannot run). */
    private record Observable(ScriptedLlmClient scripted) implements ObservableLlmClient {
        @Override
        public ChatResponse complete(ChatRequest request, CallObserver observer) {
            return scripted.complete(request);
        }

        @Override
        public ChatResponse stream(ChatRequest request, java.util.function.Consumer<String> onDelta,
                                   CallObserver observer) {
            return scripted.stream(request, onDelta);
        }

        @Override
        public int countTokens(String text) {
            return scripted.countTokens(text);
        }
    }
}
