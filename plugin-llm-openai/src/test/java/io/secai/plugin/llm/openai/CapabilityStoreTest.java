package io.secai.plugin.llm.openai;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ModelProfile;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.openai.ServerQuirk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a model accepts is found out once and remembered across starts, in a file read as untrusted. */
class CapabilityStoreTest {

    private static final String KEY = "sk-store-secret";

    @TempDir
    Path data;

    private final FakeOpenAi server = FakeOpenAi.startPlainHttp();
    private final List<OpenAiCompatibleClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(OpenAiCompatibleClient::close);
        server.close();
    }

    /** A client as one start of SecAI opens it: a fresh store object over the same data folder. */
    private OpenAiCompatibleClient startAndConnect(String model) {
        OpenAiCompatibleClient client = new OpenAiCompatibleClient(ProfileSettings.from(ModelProfile.of("default",
                "openai", Optional.of(server.baseUrl()), model, Optional.of(KEY), Map.of("temperature", "0.2"))),
                CapabilityStore.in(data));
        clients.add(client);
        return client;
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.of("gpt", List.of(ChatMessage.user(text)));
    }

    @Test
    void aRefusalLearnedInOneStartIsNotRepeatedInTheNext() throws IOException {
        server.quirks(ServerQuirk.REASONING_MODEL).respondWith(call -> Reply.text("done"));

        startAndConnect("local-reasoner").complete(ask("think"));
        assertThat(server.callCount()).isEqualTo(3);
        startAndConnect("local-reasoner").complete(ask("think again"));

        assertThat(server.callCount()).isEqualTo(4);
        ChatCall last = server.lastCall();
        assertThat(last.temperature()).isEmpty();
        assertThat(last.maxCompletionTokens()).isPresent();
        // The file names the model, never the address or the key.
        String file = Files.readString(data.resolve(CapabilityStore.FILE_NAME));
        assertThat(file).contains("local-reasoner", "MAX_COMPLETION_TOKENS").doesNotContain(KEY, "127.0.0.1");
    }

    @Test
    void anotherModelAtTheSameAddressIsFoundOutAfresh() {
        server.quirks(ServerQuirk.REASONING_MODEL).respondWith(call -> Reply.text("done"));
        startAndConnect("local-reasoner").complete(ask("think"));
        server.quirks();

        startAndConnect("llama3.2").complete(ask("hi"));

        assertThat(server.lastCall().temperature()).hasValue(0.2);
        assertThat(server.lastCall().maxTokens()).isPresent();
    }

    @Test
    void aHostileOrBrokenFileIsIgnoredAndReplaced() throws IOException {
        Path file = data.resolve(CapabilityStore.FILE_NAME);
        server.respondWith(call -> Reply.text("fine"));
        for (String hostile : List.of("not json {{{", "[1,2,3]", "{\"x\":{\"structured\":\"EVIL\"}}", "null",
                "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "{\"b\":\"" + "x".repeat(300_000) + "\"}")) {
            Files.writeString(file, hostile);

            assertThat(startAndConnect("llama3.2").complete(ask("hi")).content()).isEqualTo("fine");
        }
        server.quirks(ServerQuirk.NO_STREAMING);
        startAndConnect("llama3.2").stream(ask("hi"), piece -> { });

        assertThat(Files.size(file)).isLessThan(CapabilityStore.MAX_BYTES);
        assertThat(CapabilityStore.in(data).load(server.baseUrl(), "llama3.2")).get()
                .extracting(Capabilities.Snapshot::streaming).isEqualTo(false);
    }

    @Test
    void streamingRememberedAsPossibleIsNotTurnedOnForAProfileThatSwitchedItOff() {
        Capabilities remembered = new Capabilities(new Capabilities.Snapshot(Capabilities.Structured.JSON_MODE, true,
                true, Capabilities.TokenLimit.MAX_TOKENS), false);

        assertThat(remembered.streaming()).isFalse();
        assertThat(remembered.structured()).isEqualTo(Capabilities.Structured.JSON_MODE);
    }
}
