package io.secai.terminal.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.engine.Engine;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PluginStatus;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

/**
 * A GPT skill file in {@code skills.dirs} becomes a capability of the real GPT plugin loaded from plugins-dir (with
 * kql-library bundled); the planner is offered it, and the model call of the routed task carries the author's
 * template with the value the prompt gave fenced as untrusted data.
 */
class GptSkillRoutingTest {
    private static final String USER = "alice@contoso.com";

    @TempDir
    Path dir;

    private EngineFixture fixture;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(dir);
        Path skills = Files.createDirectories(dir.resolve("skills"));
        Files.writeString(skills.resolve("user-brief.yaml"), """
                kind: gpt
                name: user-brief
                description: Write the standard user investigation brief for one user
                inputs:
                  - name: User
                    description: the user's UPN
                template: Write the user investigation brief for {{User}}, ending with next steps.
                """);
        fixture.with("skills.dirs", skills.toString());
        fixture.openAi().respondWith(GptSkillRoutingTest::answer);
        engine = fixture.start(dir);
    }

    @AfterEach
    void stop() {
        engine.close();
        fixture.close();
    }

    /** Plans the skill it was offered with the address from the request; answers the skill's call. */
    private static Reply answer(ChatCall call) {
        if (call.schemaName().orElse("").equals("secai_plan")) {
            String asked = PromptInjection.blocks(call.lastUserText()).stream()
                    .filter(block -> block.source().equals("request")).findFirst().orElseThrow().content().strip();
            if (!call.allText().contains("user-brief") || !asked.contains(USER)) {
                return Reply.status(400, "the skill was not offered to the planner");
            }
            return Reply.text("{\"tasks\":[{\"plugin\":\"gpt\",\"capability\":\"user-brief\",\"instruction\":"
                    + "\"user investigation brief\",\"inputs\":[{\"name\":\"User\",\"value\":\"" + USER + "\"}]}]}");
        }
        return Reply.text("Brief for the user: nothing risky.");
    }

    @Test
    void aPromptIsRoutedToTheGptSkillAndTheModelGetsTheFilledTemplate() throws Exception {
        PluginStatus gpt = engine.plugins().stream().filter(p -> p.name().equals("gpt")).findFirst().orElseThrow();
        assertThat(gpt.capabilities()).extracting(c -> c.name()).contains("answer", "user-brief");
        String session = engine.sessions().create("analyst").id();

        PromptOutcome outcome = engine.submit(session, "run the user investigation brief for " + USER,
                ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(outcome.plan().get(0).capability()).isEqualTo("user-brief");
        assertThat(outcome.plan().get(0).inputs()).containsEntry("User", USER);
        ChatCall skillCall = fixture.openAi().calls().stream()
                .filter(call -> call.lastUserText().contains("[input User]")).reduce((a, b) -> b).orElseThrow();
        String request = skillCall.lastUserText();
        assertThat(request).startsWith("Request: Write the user investigation brief for [input User], ending with"
                + " next steps.");
        assertThat(request).containsPattern("(?s)<<<UNTRUSTED (\\w+) input User>>>\\n" + Pattern.quote(USER)
                + "\\n<<<END-UNTRUSTED \\1>>>");
        assertThat(outcome.tasks().get(0).result().markdown()).contains("Brief for the user: nothing risky.");
    }
}
