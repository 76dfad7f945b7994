package io.secai.engine.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.TokenUsage;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AnonymizingLlmClientTest {

    private final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    private final Anonymizer anonymizer = new Anonymizer(FieldPolicy.of(List.of("CommandLine=deny"), true),
            new TokenVault(100, 256));

    /** A model that writes a tool input (a URL, KQL) from the tokens it was given. */
    private final ObservableLlmClient model = new ObservableLlmClient() {
        @Override
        public ChatResponse complete(ChatRequest request, CallObserver observer) {
            received.add(request);
            return ChatResponse.of("Fetch https://IP_1/report?user=USER_1@contoso.com then run "
                    + "SigninLogs | where UserPrincipalName == \"USER_1@contoso.com\"", TokenUsage.NONE, "stop");
        }

        @Override
        public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
            ChatResponse response = complete(request, observer);
            for (String piece : List.of("Fetch https://IP", "_1/report?user=US", "ER_1@contoso.com done")) {
                onDelta.accept(piece);
            }
            return response;
        }

        @Override
        public int countTokens(String text) {
            return text.length() / 4;
        }
    };

    private final ChatRequest request = ChatRequest.of("kql", List.of(ChatMessage.system("Write KQL."),
            ChatMessage.user("Earlier result:\nUserPrincipalName,IPAddress,CommandLine\n"
                    + "amelia.ross@contoso.com,10.20.30.40,\"whoami /priv\"\nTask: where did she sign in from?")));

    @Test
    void theModelsToolInputIsTurnedBackBeforeThePluginUsesItAndTheRequestHeldNoRealValue() {
        MaskReport report = new MaskReport();
        LlmClient client = new AnonymizingLlmClient(model, anonymizer, report);

        ChatResponse answer = client.complete(request);

        assertThat(answer.content()).isEqualTo("Fetch https://10.20.30.40/report?user=amelia.ross@contoso.com then "
                + "run SigninLogs | where UserPrincipalName == \"amelia.ross@contoso.com\"");
        String sent = received.get(0).messages().toString();
        assertThat(sent).doesNotContain("amelia.ross", "10.20.30.40", "whoami", "CommandLine")
                .contains("USER_1@contoso.com", "IP_1");
        assertThat(received.get(0).purpose()).isEqualTo("kql");
        assertThat(report.describe()).contains("UserPrincipalName, IPAddress", "fields removed: CommandLine")
                .doesNotContain("amelia", "10.20");
    }

    @Test
    void instructionsInTheSystemMessageKeepTheFieldNamesTheyMentionOnlyValuesAreMasked() {
        String instructions = "Entity mappings (Account: FullName, Name, UPNSuffix; IP: Address; Host: HostName). "
                + "Example: admin@contoso.com";
        new AnonymizingLlmClient(model, anonymizer, new MaskReport()).complete(ChatRequest.of("rule",
                List.of(ChatMessage.system(instructions), ChatMessage.user("Account: CONTOSO\\jdoe"))));

        assertThat(received.get(0).messages().get(0).content()).startsWith(
                "Entity mappings (Account: FullName, Name, UPNSuffix; IP: Address; Host: HostName). Example: USER_")
                .endsWith("@contoso.com");
        assertThat(received.get(0).messages().get(1).content()).isEqualTo("Account: CONTOSO\\USER_1");
    }

    @Test
    void streamedPiecesReachTheUserWithRealValues() {
        StringBuilder shown = new StringBuilder();
        new AnonymizingLlmClient(model, anonymizer, new MaskReport()).stream(request, shown::append);

        assertThat(shown.toString()).isEqualTo("Fetch https://10.20.30.40/report?user=amelia.ross@contoso.com done");
    }

    @Test
    void thePlannersSharedClientMasksOnlyCallsMadeForAnAnonymizedSession() {
        PrivacyGate gate = new PrivacyGate(model);

        gate.complete(request, CallObserver.NONE);
        ChatResponse masked = gate.complete(request, new PrivacyScope(CallObserver.NONE, anonymizer, new MaskReport()));

        assertThat(received.get(0).messages().toString()).contains("amelia.ross@contoso.com");
        assertThat(received.get(1).messages().toString()).doesNotContain("amelia.ross");
        assertThat(masked.content()).contains("user=amelia.ross@contoso.com");
    }

    @Test
    void theRegistryKeepsOneMapPerSessionAndTheSwitchPerSession() {
        PrivacyRegistry registry = new PrivacyRegistry(new PrivacySettings(false, FieldPolicy.defaults(), 100, 64));
        assertThat(registry.anonymizer("a")).isEmpty();
        registry.enable("a", true);
        registry.enable("b", true);

        String inA = registry.anonymizer("a").orElseThrow().mask("IPAddress: 10.0.0.9", new MaskReport());
        registry.anonymizer("b").orElseThrow().mask("IPAddress: 10.0.0.1", new MaskReport());
        String againInB = registry.anonymizer("b").orElseThrow().mask("IPAddress: 10.0.0.9", new MaskReport());

        assertThat(inA).isEqualTo("IPAddress: IP_1");
        assertThat(againInB).isEqualTo("IPAddress: IP_2");
        assertThat(registry.anonymizer("b").orElseThrow().reveal("IP_1")).isEqualTo("10.0.0.1");
        assertThat(registry.enabled("c")).isFalse();
        registry.enable("a", false);
        assertThat(registry.anonymizer("a")).isEmpty();
    }
}
