package io.secai.engine;

import io.secai.engine.ProgressEvent.PlanReady;
import io.secai.engine.ProgressEvent.PromptFinished;
import io.secai.engine.ProgressEvent.Waiting;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.engine.testing.RecordingListener;
import io.secai.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static io.secai.engine.testing.EndToEndPlugins.FIND;
import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EndToEndPlugins.LOOKUP;
import static io.secai.engine.testing.EngineFixtures.API_KEY;
import static io.secai.engine.testing.EngineFixtures.DEPLOYMENT;
import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static io.secai.engine.testing.PlanReplies.isPlanning;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the whole engine ({@link Engines#start}, the real azure-ai-openai client, {@link FakeOpenAi}
 * over HTTPS): each case ends with a message the user understands, and the same session answers the next prompt.
 */
class EngineBadInputTest {

    private static final Task LOOKUP_HOSTS = Task.of(LOOKUP, FIND, "hosts with a risk above 5");

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    @Test
    void emptyPromptIsRefusedWithoutCallingTheModel(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();

        for (String empty : new String[] {"", "   \n\t "}) {
            RecordingListener events = new RecordingListener();
            PromptOutcome outcome = await(engine.submit(session, empty, events));

            assertThat(outcome.status()).isEqualTo(Status.REFUSED);
            assertThat(outcome.message()).isEqualTo("The prompt is empty: type a question or a task.");
            assertThat(outcome.usage()).isEqualTo(TokenUsage.NONE);
            assertThat(events.kinds()).containsExactly("PromptFinished");
        }
        assertThat(openAi.callCount()).isZero();
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns()).isEmpty();

        assertSessionStillAnswers(engine, openAi, session);
    }

    @Test
    void promptOverTheLimitIsRefusedNamingTheLimitAndOneAtTheLimitRuns(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start(Map.of("secai.prompt.max-chars", "200"));
        String session = engine.sessions().create(OWNER).id();

        PromptOutcome tooLong = await(engine.submit(session, "x".repeat(201), new RecordingListener()));

        assertThat(tooLong.status()).isEqualTo(Status.REFUSED);
        assertThat(tooLong.message()).isEqualTo("The prompt has 201 characters; the limit is 200 "
                + "(secai.prompt.max-chars). Shorten it or split it into several prompts.");
        assertThat(openAi.callCount()).isZero();

        openAi.reply(plan(LOOKUP_HOSTS));
        PromptOutcome atTheLimit = await(engine.submit(session, "y".repeat(200), new RecordingListener()));

        assertThat(atTheLimit.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(openAi.lastCall().lastUserText()).contains("y".repeat(200));
    }

    @Test
    void promptToAnUnknownSessionIsRefusedWithoutCallingTheModel(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();

        PromptOutcome outcome = await(engine.submit("no-such-session", "Which hosts are risky?", null));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.message()).isEqualTo("Unknown session \"no-such-session\": start a new session or pick one "
                + "from the list.");
        assertThat(openAi.callCount()).isZero();
        assertThat(engine.sessions().list(OWNER)).isEmpty();
    }

    @Test
    void unknownPluginInAPlanIsRepaired(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of("nmap", "scan", "scan the risky hosts")), plan(LOOKUP_HOSTS));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Scan the risky hosts", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).containsExactly(LOOKUP_HOSTS);
        assertThat(openAi.calls()).hasSize(2).allMatch(call -> isPlanning(call));
        assertThat(openAi.lastCall().lastUserText())
                .startsWith("That answer is not a valid plan.")
                .contains("unknown plugin \"nmap\" in task 1 (loaded: gpt, lookup)");
        assertThat(events.ofType(PlanReady.class)).singleElement().satisfies(ready -> assertThat(ready.note())
                .isEqualTo("repaired after: unknown plugin \"nmap\" in task 1 (loaded: gpt, lookup)"));
    }

    @Test
    void unknownPluginTwiceWithoutGptFailsNamingThePluginAndTheSessionGoesOn(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start(secai.pluginsDir(LOOKUP), secai.modelSettings());
        String session = engine.sessions().create(OWNER).id();
        Task scan = Task.of("nmap", "scan", "scan the risky hosts");
        openAi.reply(plan(scan), plan(scan));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Scan the risky hosts", events));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Could not plan the request: the model's plan was invalid twice "
                + "(unknown plugin \"nmap\" in task 1 (loaded: lookup)), and no plugin named \"gpt\" is loaded to "
                + "answer it directly.");
        assertThat(outcome.plan()).isEmpty();
        assertThat(events.ofType(PlanReady.class)).isEmpty();
        assertThat(openAi.callCount()).isEqualTo(2);

        assertSessionStillAnswers(engine, openAi, session);
    }

    @Test
    void unreachableModelFailsNamingTheEndpointAndTheSessionAndPluginsSurvive() throws Exception {
        String closed = "https://127.0.0.1:" + closedPort();
        Engine engine = secai.start(Map.of("openai.endpoint", closed, "openai.retry.max-attempts", "2"));
        String session = engine.sessions().create(OWNER).id();
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky?", events));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).startsWith("Azure OpenAI: cannot reach " + closed + " (")
                .endsWith(") after 2 attempts. Check openai.endpoint and the network.")
                .doesNotContain("\n", API_KEY);
        assertThat(events.ofType(Waiting.class)).singleElement()
                .satisfies(waiting -> assertThat(waiting.reason()).startsWith("cannot reach " + closed));
        assertThat(events.ofType(PromptFinished.class)).singleElement()
                .satisfies(finished -> assertThat(finished.succeeded()).isFalse());

        PromptOutcome again = await(engine.submit(session, "Which hosts are risky now?", new RecordingListener()));

        assertThat(again.status()).isEqualTo(Status.FAILED);
        assertThat(again.message()).startsWith("Azure OpenAI: cannot reach " + closed);
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns()).hasSize(2);
        assertThat(engine.plugins()).filteredOn(PluginStatus::loaded).extracting(PluginStatus::name)
                .containsExactlyInAnyOrder(LOOKUP, GPT);
    }

    @Test
    void missingEndpointIsANoticeAndAPromptFailsWithOneLineNamingTheKeyAndVariable(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start(secai.pluginsDir(LOOKUP, GPT),
                Map.of("openai.api-key", API_KEY, "openai.deployment", DEPLOYMENT));
        String session = engine.sessions().create(OWNER).id();

        assertThat(engine.notices()).anySatisfy(notice -> assertThat(notice)
                .startsWith("Azure OpenAI is not configured: set openai.endpoint (AZURE_OPENAI_ENDPOINT)"));

        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky?", new RecordingListener()));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Missing setting openai.endpoint (environment variable "
                + "AZURE_OPENAI_ENDPOINT): the Azure OpenAI resource to send prompts to, such as "
                + "https://NAME.openai.azure.com.");
        assertThat(openAi.callCount()).isZero();

        PromptOutcome again = await(engine.submit(session, "And now?", new RecordingListener()));

        assertThat(again.status()).isEqualTo(Status.FAILED);
        assertThat(again.message()).isEqualTo(outcome.message());
        assertThat(engine.plugins()).filteredOn(PluginStatus::loaded).hasSize(2);
    }

    private static void assertSessionStillAnswers(Engine engine, FakeOpenAi openAi, String session) throws Exception {
        openAi.reply(plan(LOOKUP_HOSTS));
        PromptOutcome next = await(engine.submit(session, "Which hosts are risky?", new RecordingListener()));
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(next.tasks()).singleElement()
                .satisfies(record -> assertThat(record.result().table()).isPresent());
    }

    /** A loopback port nothing listens on: bound to learn a free number, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
