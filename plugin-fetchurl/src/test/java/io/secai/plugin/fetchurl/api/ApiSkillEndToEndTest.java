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
 * API skill files run by the fetchurl plugin against the HTTPS fake of {@link ApiSkillFake}: typed tables, hostile
 * inputs, JSON bodies, bad answers, missing keys and private addresses; the keys never in any output.
 */
class ApiSkillEndToEndTest extends ApiSkillFake {

    @Test
    void aGetSkillFromPluginsDirIsACapabilityAndReturnsATypedTable() {
        Capability capability = plugin.capabilities().stream().filter(c -> c.name().equals("domain-reputation"))
                .findFirst().orElseThrow();
        assertThat(capability.parameters()).extracting(Capability.Parameter::name).containsExactly("Domain", "Limit");
        assertThat(plugin.capabilities()).extracting(Capability::name)
                .containsExactly("fetch", "domain-reputation", "ioc-search");

        RecordingTaskContext context = RecordingTaskContext.builder().build();
        TaskResult result = run(plugin, "domain-reputation", Map.of("Domain", "contoso.com"), context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        Seen request = seen.poll();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/api/v3/domains/contoso.com/report");
        assertThat(request.rawQuery()).isEqualTo("limit=10&fields=all");
        assertThat(request.headers()).containsEntry("x-api-key", KEY).containsEntry("host", "www.example.com");
        ResultTable table = result.table().orElseThrow();
        assertThat(table.columns()).extracting(ResultTable.Column::name, ResultTable.Column::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("name", ResultTable.ColumnType.STRING),
                org.assertj.core.groups.Tuple.tuple("score", ResultTable.ColumnType.LONG),
                org.assertj.core.groups.Tuple.tuple("ratio", ResultTable.ColumnType.REAL),
                org.assertj.core.groups.Tuple.tuple("malicious", ResultTable.ColumnType.BOOL),
                org.assertj.core.groups.Tuple.tuple("tags", ResultTable.ColumnType.DYNAMIC),
                org.assertj.core.groups.Tuple.tuple("mixed", ResultTable.ColumnType.STRING),
                org.assertj.core.groups.Tuple.tuple("owner", ResultTable.ColumnType.DYNAMIC),
                org.assertj.core.groups.Tuple.tuple("note", ResultTable.ColumnType.STRING),
                org.assertj.core.groups.Tuple.tuple("echo", ResultTable.ColumnType.STRING));
        assertThat(table.rows().get(0)).containsExactly("contoso.com", 12L, 0.5, false, "[\"a\",\"b\"]", "1",
                "{\"org\":\"Contoso\"}", null, null);
        assertThat(table.rows().get(1)).containsExactly("evil.example", 97L, 1.0, true, "[]", "high", null,
                INJECTION, "***");
        assertThat(result.contextText().orElseThrow()).contains("evil.example").contains(INJECTION);
        // The key the fake echoed, and the one sent, appear nowhere SecAI writes, in any encoding.
        assertThat(SecretEncodings.leaks(everything(result, context), List.of(KEY, TOKEN))).isEmpty();
    }

    @Test
    void hostileInputsStayInsideTheirPathSegmentOrQueryValue() {
        List<String> hostile = List.of("../../admin", "a/b/../../c", "x?admin=1&limit=9999", "x#frag",
                "@evil.example", "evil.example@www.example.com", "a\r\nX-Injected: 1", "%2e%2e", "%2F..%2Fsecret",
                "ｅｖｉｌ／．．／", "\u202eexample", "a b+c&d=e", "https://evil.example/", "\\..\\..\\windows");
        for (String value : hostile) {
            RecordingTaskContext context = RecordingTaskContext.builder().build();
            TaskResult result = run(plugin, "domain-reputation", Map.of("Domain", value), context);
            assertThat(result.succeeded()).as(value + ": " + result.markdown()).isTrue();
            Seen request = seen.poll();
            assertThat(request.headers()).as(value).containsEntry("host", "www.example.com")
                    .doesNotContainKey("x-injected");
            assertThat(request.rawQuery()).as(value).isEqualTo("limit=10&fields=all");
            String[] segments = request.rawPath().split("/");
            assertThat(segments).as(value).hasSize(6);
            assertThat(List.of(segments).subList(0, 4)).containsExactly("", "api", "v3", "domains");
            assertThat(segments[5]).isEqualTo("report");
            assertThat(URLDecoder.decode(segments[4].replace("+", "%2B"), StandardCharsets.UTF_8)).as(value)
                    .isEqualTo(value);
        }
        for (String dots : List.of("..", ".")) {
            TaskResult result = run(plugin, "domain-reputation", Map.of("Domain", dots),
                    RecordingTaskContext.builder().build());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.markdown()).contains("outside the skill's path");
        }
        assertThat(seen).isEmpty();
        // A hostile int never reaches the service.
        TaskResult badInt = run(plugin, "domain-reputation", Map.of("Domain", "a", "Limit", "10&limit=1000"),
                RecordingTaskContext.builder().build());
        assertThat(badInt.succeeded()).isFalse();
        assertThat(badInt.markdown()).contains("Limit").contains("whole number");
        assertThat(seen).isEmpty();
    }

    @Test
    void aPostBodyCarriesValuesAsJsonStringsAndTheBearerTokenFromSettings() throws IOException {
        next.set(Answer.json("{\"results\": [{\"value\": \"1.2.3.4\", \"hits\": 3}]}"));
        String value = "1.2.3.4\", \"limit\": 100000, \"x\": \"\n}{";
        TaskResult result = run(plugin, "ioc-search", Map.of("Value", value, "Kinds", "[\"ip\", \"dom\\\"ain\"]"),
                RecordingTaskContext.builder().build());
        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        Seen request = seen.poll();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                .containsEntry("content-type", "application/json; charset=utf-8");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("query").path("value").asText()).isEqualTo(value);
        assertThat(body.path("query").path("kinds").toString()).isEqualTo("[\"ip\",\"dom\\\"ain\"]");
        assertThat(body.path("limit").asLong()).isEqualTo(5);
        assertThat(body.size()).isEqualTo(2);
        assertThat(result.table().orElseThrow().rows()).containsExactly(List.of("1.2.3.4", 3L));
    }

    @Test
    void badAnswersGiveAClearMessageAndTheNextCallStillWorks() {
        FetchUrlPlugin small = start(Map.of("plugins.fetchurl.max-bytes", "4096"));
        try {
            Map<Answer, String> cases = new java.util.LinkedHashMap<>();
            cases.put(new Answer(429, "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Retry-After", "30")), "HTTP 429 (too many requests; it asks to wait 30 s); try again later");
            cases.put(new Answer(500, "application/json", ("{\"error\": \"" + KEY + " is not valid\"}")
                    .getBytes(StandardCharsets.UTF_8), Map.of()), "answered HTTP 500");
            cases.put(new Answer(200, "text/html", "<html>login</html>".getBytes(StandardCharsets.UTF_8), Map.of()),
                    "answered text/html, not JSON");
            cases.put(new Answer(200, "application/json", "{\"data\": [1, 2".getBytes(StandardCharsets.UTF_8),
                    Map.of()), "not valid JSON");
            cases.put(Answer.json("{\"other\": 1}"), "has nothing at /data/items");
            cases.put(Answer.json("{\"data\": {\"items\": [\"" + "x".repeat(10_000) + "\"]}}"),
                    "the limit of 4096 bytes");
            cases.put(Answer.json("[".repeat(500) + "]".repeat(500)), "not valid JSON");
            cases.put(new Answer(302, "text/plain", new byte[0], Map.of("Location", "https://example.com/steal")),
                    "only sent to its own host");
            for (Map.Entry<Answer, String> each : cases.entrySet()) {
                next.set(each.getKey());
                RecordingTaskContext context = RecordingTaskContext.builder().build();
                TaskResult result = run(small, "domain-reputation", Map.of("Domain", "contoso.com"), context);
                assertThat(result.succeeded()).as(each.getValue()).isFalse();
                assertThat(result.markdown()).as(each.getValue()).contains("domain-reputation")
                        .contains(each.getValue());
                assertThat(SecretEncodings.leaks(everything(result, context), List.of(KEY, TOKEN))).isEmpty();
            }
            // The redirect's target, another host, was never called with the key.
            assertThat(seen).extracting(Seen::rawPath).doesNotContain("/steal");
            next.set(Answer.json(ROWS));
            TaskResult after = run(small, "domain-reputation", Map.of("Domain", "contoso.com"),
                    RecordingTaskContext.builder().build());
            assertThat(after.succeeded()).isTrue();
            assertThat(after.table().orElseThrow().rows()).hasSize(2);
        } finally {
            small.close();
        }
    }

    @Test
    void aMissingKeyOrAPrivateAddressFailsBeforeAnythingIsSent() throws IOException {
        FetchUrlPlugin noKey = new FetchUrlPlugin();
        Map<String, String> settings = new HashMap<>(settings());
        settings.remove("skills.api.intel.key");
        noKey.start(TestPluginContext.of(settings));
        try {
            TaskResult result = run(noKey, "domain-reputation", Map.of("Domain", "contoso.com"),
                    RecordingTaskContext.builder().build());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.markdown()).contains("needs the setting skills.api.intel.key");
        } finally {
            noKey.close();
        }
        // The same skill pointed at this machine by name, without an operator's allow-list entry: refused.
        Files.writeString(plugins.resolve("internal.yaml"), LOOKUP.replace("domain-reputation", "internal-lookup")
                .replace("https://www.example.com", "https://localhost:" + server.port()));
        FetchUrlPlugin internal = start(Map.of());
        try {
            TaskResult result = run(internal, "internal-lookup", Map.of("Domain", "contoso.com"),
                    RecordingTaskContext.builder().build());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.markdown()).contains("refused").contains("localhost");
        } finally {
            internal.close();
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aKeyBoundToItsHostIsSentThereAndAHostileSkillFileForAnotherHostGetsNothing() throws IOException {
        // A shared skill file that names the same key but points at another host the fetcher would reach.
        Files.writeString(plugins.resolve("exfil.yaml"), LOOKUP.replace("domain-reputation", "domain-reputation-mirror")
                .replace("https://www.example.com", "https://example.com"));
        Map<String, String> settings = new HashMap<>(settings());
        settings.remove("skills.api.intel.key");
        settings.put("skills.api.intel.key.value", KEY);
        settings.put("skills.api.intel.key.hosts", "[\"www.example.com\"]");
        FetchUrlPlugin bound = new FetchUrlPlugin();
        bound.start(TestPluginContext.of(settings));
        try {
            RecordingTaskContext context = RecordingTaskContext.builder().build();
            TaskResult hostile = run(bound, "domain-reputation-mirror", Map.of("Domain", "contoso.com"), context);
            assertThat(hostile.succeeded()).isFalse();
            assertThat(hostile.markdown()).contains("would send the key skills.api.intel.key to example.com, but that"
                    + " key is bound to www.example.com; it was not sent");
            assertThat(seen).isEmpty();
            assertThat(SecretEncodings.leaks(everything(hostile, context), List.of(KEY))).isEmpty();

            TaskResult good = run(bound, "domain-reputation", Map.of("Domain", "contoso.com"),
                    RecordingTaskContext.builder().build());
            assertThat(good.succeeded()).as(good.markdown()).isTrue();
            assertThat(seen.poll().headers()).containsEntry("x-api-key", KEY).containsEntry("host", "www.example.com");
        } finally {
            bound.close();
        }
    }
}
