package io.secai.terminal.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.ResultTable;
import io.secai.engine.Engine;
import io.secai.engine.PluginStatus;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.secrets.SecretEncodings;
import io.secai.testkit.tls.TestTls;

/**
 * An API skill file in {@code skills.dirs} becomes a capability of the real fetchurl plugin loaded from plugins-dir
 * (with kql-library bundled); the planner is offered it and routes a prompt to it with the input filled; the call
 * reaches an HTTPS fake of the service with the key from settings, and the key is in no file the engine writes
 * (sessions, audit log), in any encoding, although the service echoed it Base64-encoded.
 */
class ApiSkillRoutingTest {
    private static final String KEY = "intel-K3y/9a+8b=7c~6d";
    private static final String DOMAIN = "evil.example";

    @TempDir
    Path dir;

    private EngineFixture fixture;
    private Engine engine;
    private LoopbackServer intel;
    private final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        // The fetch plugin's OkHttp client trusts what the JVM's trust-store properties name.
        TestTls.shared().trustInThisJvm();
        intel = LoopbackServer.https("fake-intel").on("/", exchange -> {
            calls.add(exchange.getRequestURI().getRawPath() + " key=" + exchange.getRequestHeaders()
                    .getFirst("X-Api-Key"));
            byte[] body = ("{\"data\": {\"items\": [{\"name\": \"" + DOMAIN + "\", \"score\": 97, \"echo\": \""
                    + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)) + "\"}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            LoopbackServer.send(exchange, 200, "application/json", body, Map.of());
        });
        fixture = new EngineFixture(dir);
        Path skills = Files.createDirectories(dir.resolve("skills"));
        Files.writeString(skills.resolve("domain-reputation.yaml"), """
                kind: api
                name: domain-reputation
                description: Look up a domain's reputation on the threat-intelligence service
                inputs:
                  - name: Domain
                    description: the domain, such as contoso.com
                url: https://www.example.com/api/v3/domains/{{Domain}}
                headers:
                  X-Api-Key: settings:skills.api.intel.key
                rows: /data/items
                """);
        Files.writeString(skills.resolve("broken.yaml"), "kind: api\nname: broken\ndescription: b\n"
                + "url: https://{{Host}}/x\ninputs:\n  - name: Host\n");
        fixture.with("skills.dirs", skills.toString())
                .with("skills.api.intel.key", KEY)
                .with("plugins.fetchurl.connect-to", "www.example.com:443:127.0.0.1:" + intel.port())
                .with("plugins.fetchurl.allow-hosts", "www.example.com");
        fixture.openAi().respondWith(ApiSkillRoutingTest::answer);
        engine = fixture.start(dir);
    }

    @AfterEach
    void stop() {
        engine.close();
        fixture.close();
        intel.close();
    }

    /** Plans the skill it was offered with the domain from the request. */
    private static Reply answer(ChatCall call) {
        if (call.schemaName().orElse("").equals("secai_plan")) {
            String asked = PromptInjection.blocks(call.lastUserText()).stream()
                    .filter(block -> block.source().equals("request")).findFirst().orElseThrow().content().strip();
            if (!call.allText().contains("domain-reputation") || !call.allText().contains("Domain")
                    || !asked.contains(DOMAIN)) {
                return Reply.status(400, "the skill was not offered to the planner");
            }
            return Reply.text("{\"tasks\":[{\"plugin\":\"fetchurl\",\"capability\":\"domain-reputation\","
                    + "\"instruction\":\"reputation of the domain\",\"inputs\":[{\"name\":\"Domain\",\"value\":\""
                    + DOMAIN + "\"}]}]}");
        }
        return Reply.status(400, "no other model call is expected");
    }

    @Test
    void aPromptIsRoutedToTheApiSkillAndTheKeyIsInNoFileTheEngineWrites() throws Exception {
        PluginStatus fetch = engine.plugins().stream().filter(p -> p.name().equals("fetchurl")).findFirst()
                .orElseThrow();
        assertThat(fetch.capabilities()).extracting(c -> c.name()).containsExactly("fetch", "domain-reputation");
        String session = engine.sessions().create("analyst").id();

        PromptOutcome outcome = engine.submit(session, "what is the reputation of " + DOMAIN + "?",
                ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(outcome.plan().get(0).capability()).isEqualTo("domain-reputation");
        assertThat(outcome.plan().get(0).inputs()).containsEntry("Domain", DOMAIN);
        assertThat(calls).containsExactly("/api/v3/domains/" + DOMAIN + " key=" + KEY);
        ResultTable table = outcome.tasks().get(0).result().table().orElseThrow();
        assertThat(table.columns()).extracting(ResultTable.Column::type).containsExactly(
                ResultTable.ColumnType.STRING, ResultTable.ColumnType.LONG, ResultTable.ColumnType.STRING);
        assertThat(table.rows().get(0).subList(0, 2)).containsExactly(DOMAIN, 97L);

        engine.close();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fixture.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                SecretEncodings.leaks(read(file), List.of(KEY)).forEach(leak -> leaks.add(file + ": " + leak));
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(Files.walk(fixture.dataDir()).filter(Files::isRegularFile).map(ApiSkillRoutingTest::read)
                .anyMatch(text -> text.contains(DOMAIN))).as("the session was written").isTrue();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
