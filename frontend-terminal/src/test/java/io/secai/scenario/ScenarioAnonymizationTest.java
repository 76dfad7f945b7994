package io.secai.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secai.api.Artifact;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.engine.PromptOutcome;
import io.secai.engine.privacy.Anonymizer;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's two sessions again, with {@code privacy.anonymize} on and two nested entity fields denied. The fake
 * model sees only what went over the wire; to answer as the scenario's model would, it plays a model that reads
 * tokens as names: the test turns the request's tokens back with the session's own map, lets
 * {@link ScriptedAnalystModel} answer, and masks that answer with the same map, so what comes back over the wire
 * holds tokens ({@code USER_1@contoso.com}) exactly where a model given tokens would write them. SecAI must then turn
 * them back before the query runs and before the user reads the answer.
 */
class ScenarioAnonymizationTest {

    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
    private static final List<String> PEOPLE = List.of("amelia.ross", "dev.patel", "svc-backup", "Amelia Ross",
            "Dev Patel");

    @TempDir
    static Path directory;

    static ScenarioData data;
    static ScenarioWorld world;
    static Engine engine;
    static final List<ScenarioWorld.PromptRun> runs = new ArrayList<>();
    static final List<String> repliesOnTheWire = new CopyOnWriteArrayList<>();
    static final AtomicReference<String> session = new AtomicReference<>();
    static final AtomicLong maskedTokens = new AtomicLong();
    static final AtomicLong clearTokens = new AtomicLong();

    @BeforeAll
    static void replayBothSessionsAnonymized() {
        Optional<ScenarioData> loaded = ScenarioData.load(ScenarioData.sharedDataFolder());
        assumeTrue(loaded.isPresent(), "Scenario data not found in " + ScenarioData.sharedDataFolder()
                + "; set SECAI_SHARED_DATA. Skipping.");
        data = loaded.get();
        world = ScenarioWorld.start(data, directory);
        EngineOptions plain = world.engineOptions("anonymized", false);
        Map<String, String> settings = new HashMap<>(plain.overrides());
        settings.put("privacy.anonymize", "true");
        settings.put("privacy.fields", "account.AadUserId=deny, AadTenantId=deny");
        engine = Engines.start(new EngineOptions(plain.configFile(), plain.pluginsDir(), plain.auth(),
                plain.workingDirectory(), plain.environment(), settings));
        world.openAi().respondWith(ScenarioAnonymizationTest::modelReadingTokens);
        for (ScenarioData.Session replayed : data.sessions()) {
            session.set(engine.sessions().create("analyst").id());
            for (ScenarioData.Prompt prompt : replayed.prompts()) {
                runs.add(world.run(engine, session.get(), prompt));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private static Reply modelReadingTokens(ChatCall call) {
        Anonymizer tokens = engine.privacy().anonymizer(session.get()).orElseThrow();
        maskedTokens.addAndGet(world.openAi().promptTokens(call));
        clearTokens.addAndGet(world.openAi().promptTokens(ScenarioWorld.revealed(call, tokens)));
        Reply written = world.answerInTokens(call, tokens);
        written.content().ifPresent(repliesOnTheWire::add);
        return written;
    }

    @Test
    void everyPromptStillSucceedsAndTheModelNeverRefused() {
        assertThat(runs).hasSize(8);
        for (ScenarioWorld.PromptRun run : runs) {
            assertThat(run.outcome().status()).as("prompt %d: %s", run.prompt().number(), run.outcome().message())
                    .isEqualTo(PromptOutcome.Status.SUCCEEDED);
        }
        assertThat(world.model().violations()).isEmpty();
    }

    @Test
    void theModelNeverSeesTheThreeUsersOrAnyIpAddressOfTheResults() {
        Set<String> addresses = new LinkedHashSet<>();
        for (ScenarioData.Prompt prompt : data.allPrompts()) {
            Matcher ip = IPV4.matcher(prompt.queryResult().orElse(""));
            while (ip.find()) {
                addresses.add(ip.group());
            }
        }
        assertThat(addresses).contains("185.220.101.69", "81.139.91.97");
        List<ChatCall> calls = world.openAi().calls();
        assertThat(calls).hasSizeGreaterThanOrEqualTo(8);
        for (ChatCall call : calls) {
            String sent = call.body() + String.join("\n", call.messages().stream().map(ChatCall.Message::content)
                    .toList());
            assertThat(sent).as("call %d", call.number()).doesNotContainIgnoringCase(PEOPLE.get(0))
                    .doesNotContainIgnoringCase("dev.patel").doesNotContainIgnoringCase("svc-backup")
                    .doesNotContain("Amelia Ross", "Dev Patel");
            assertThat(addresses).allSatisfy(ip -> assertThat(sent).as("call %d", call.number()).doesNotContain(ip));
        }
        assertThat(calls.stream().map(ChatCall::allText)).anySatisfy(text -> assertThat(text)
                .contains("\"\"Name\"\":\"\"USER_", "\"\"UPNSuffix\"\":\"\"contoso.com\"\"", "\"\"Address\"\":\"\"IP_"));
    }

    @Test
    void tokensCostAtMostAFewPercentMoreThanTheRealValuesInTheSameRequests() {
        // The same requests counted with o200k_base as sent (tokens) and as they would have been (real values).
        double overhead = 100.0 * (maskedTokens.get() - clearTokens.get()) / clearTokens.get();
        System.out.printf(java.util.Locale.ROOT, "anonymized scenario: calls=%d prompt_tokens_masked=%d "
                + "prompt_tokens_clear=%d overhead=%.1f%%%n", world.openAi().calls().size(), maskedTokens.get(),
                clearTokens.get(), overhead);
        assertThat(clearTokens.get()).isPositive();
        assertThat(overhead).isLessThan(5.0);
    }

    @Test
    void theModelWritesTokensAndTheQueryRunsWithTheRealUsers() {
        assertThat(repliesOnTheWire).anySatisfy(reply -> assertThat(reply).contains("SigninLogs", "USER_")
                .doesNotContain("amelia.ross"));
        String query = world.dataQueries().get(3).query();
        assertThat(query).contains("\"amelia.ross@contoso.com\"", "\"dev.patel@contoso.com\"",
                "\"svc-backup@contoso.com\"").doesNotContain("USER_");
    }

    @Test
    void theUserReadsTheRealNamesInTheModelsAnswer() {
        ScenarioWorld.PromptRun summary = runs.get(4);
        String shown = summary.outcome().tasks().get(0).result().markdown().strip();
        assertThat(shown).isEqualTo(summary.prompt().answer().orElseThrow().strip())
                .contains("Amelia Ross", "svc-backup", "DC01", "185.220.101.0/24").doesNotContain("USER_", "HOST_");
        assertThat(repliesOnTheWire).anySatisfy(reply -> assertThat(reply).contains("Executive summary", "USER_",
                "HOST_").doesNotContain("Amelia Ross", "svc-backup"));
    }

    @Test
    void theEvidenceNamesTheMaskedFieldsOfTheNestedEntities() {
        ScenarioWorld.PromptRun signins = runs.get(3);
        List<Artifact> evidence = signins.outcome().tasks().get(0).result().artifacts().stream()
                .filter(artifact -> artifact.label().equals("Anonymized")).toList();
        assertThat(evidence).hasSize(1);
        assertThat(evidence.get(0).value()).contains("Entities/account.Name", "Entities/ip.Address",
                "Entities/host.HostName", "fields removed: Entities/account.AadTenantId, Entities/account.AadUserId")
                .doesNotContain("amelia", "185.220");
    }

    @Test
    void theDeniedNestedFieldsAreAbsentFromEveryRequestTheModelReceived() {
        Set<String> denied = new LinkedHashSet<>();
        Matcher ids = Pattern.compile("(?:AadUserId|AadTenantId)\\W{1,8}([0-9a-f]{8}-[0-9a-f-]{27})")
                .matcher(runs.get(2).prompt().queryResult().orElseThrow());
        while (ids.find()) {
            denied.add(ids.group(1));
        }
        assertThat(denied).hasSizeGreaterThanOrEqualTo(5);
        for (ChatCall call : world.openAi().calls()) {
            // The names appear in the rule plugin's instructions (entity identifiers); as keys with a value, never.
            assertThat(call.body()).doesNotContainPattern("(?:AadUserId|AadTenantId)\\W{1,8}:");
            assertThat(denied).allSatisfy(id -> assertThat(call.body()).doesNotContain(id));
        }
    }
}
