package io.secai.engine.llm;

import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmSettingsTest {

    @Test
    void withoutLlmKeysTheDefaultProfileIsTheAzureDeploymentOfOpenAiKeys() {
        LlmSettings settings = LlmSettings.from(new MapSettings(Map.of(
                "openai.endpoint", "https://contoso.openai.azure.com",
                "openai.api-key", "azure-key",
                "openai.deployment", "gpt-4o",
                "openai.temperature", "0.3")));

        ModelProfile profile = settings.profileFor(ModelRole.PLANNER);
        assertThat(profile.provider()).isEqualTo("azure-openai");
        assertThat(profile.endpoint()).contains("https://contoso.openai.azure.com");
        assertThat(profile.model()).isEqualTo("gpt-4o");
        assertThat(profile.apiKey()).contains("azure-key");
        assertThat(profile.option("temperature")).contains("0.3");
        assertThat(settings.roles()).containsOnlyKeys(ModelRole.values())
                .allSatisfy((role, name) -> assertThat(name).isEqualTo("default"));
    }

    @Test
    void namedProfilesOfTheSameProviderInheritTheServerAndKeyAndRolesPickThem() {
        Map<String, String> values = new HashMap<>(Map.of(
                "llm.provider", "OpenAI",
                "llm.endpoint", "http://127.0.0.1:11434/v1",
                "llm.api-key", "sk-local",
                "llm.model", "llama3.2",
                "llm.models.cheap.model", "qwen2.5:3b",
                "llm.models.strong.model", "gpt-4.1",
                "llm.models.strong.endpoint", "https://api.openai.com/v1",
                "llm.models.strong.api-key", "sk-remote",
                "llm.models.strong.reasoning-effort", "high"));
        values.putAll(Map.of(
                "llm.models.azure.provider", "azure-openai",
                "llm.models.azure.model", "gpt-4o-deployment",
                "llm.roles.planner", "cheap",
                "llm.roles.schema", "cheap",
                "llm.roles.kql", "strong"));
        LlmSettings settings = LlmSettings.from(new MapSettings(values));

        ModelProfile cheap = settings.profileFor(ModelRole.PLANNER);
        assertThat(cheap.name()).isEqualTo("cheap");
        assertThat(cheap.provider()).isEqualTo("openai");
        assertThat(cheap.endpoint()).contains("http://127.0.0.1:11434/v1");
        assertThat(cheap.apiKey()).contains("sk-local");
        assertThat(settings.profileFor(ModelRole.SCHEMA)).isSameAs(cheap);

        ModelProfile strong = settings.profileFor(ModelRole.KQL);
        assertThat(strong.endpoint()).contains("https://api.openai.com/v1");
        assertThat(strong.apiKey()).contains("sk-remote");
        assertThat(strong.option("reasoning-effort")).contains("high");
        assertThat(strong.options()).doesNotContainKeys("endpoint", "api-key", "model", "provider");

        assertThat(settings.profileFor(ModelRole.ANSWER).model()).isEqualTo("llama3.2");
        // Another provider inherits nothing from the default's server: not its address, never its key.
        ModelProfile azure = settings.profiles().get("azure");
        assertThat(azure.apiKey()).isEmpty();
        assertThat(azure.endpoint()).isEmpty();
        assertThat(settings.secrets()).containsExactlyInAnyOrder("sk-local", "sk-remote");
        assertThat(settings.toString()).doesNotContain("sk-local", "sk-remote");
    }

    @Test
    void aRoleNamingAMissingProfileIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LlmSettings.from(new MapSettings(Map.of("llm.roles.kql", "strongest"))))
                .isInstanceOf(SecAiException.class)
                .hasMessageContaining("llm.roles.kql names the model profile \"strongest\"")
                .hasMessageContaining("profiles: default");
    }

    @Test
    void everyPurposeHasARole() {
        assertThat(ModelRole.of("plan")).isEqualTo(ModelRole.PLANNER);
        assertThat(ModelRole.of("kql")).isEqualTo(ModelRole.KQL);
        assertThat(ModelRole.of("kql-schema")).isEqualTo(ModelRole.SCHEMA);
        assertThat(ModelRole.of("schema-extend")).isEqualTo(ModelRole.SCHEMA);
        assertThat(ModelRole.of("answer")).isEqualTo(ModelRole.ANSWER);
        assertThat(ModelRole.of("fetch-extract")).isEqualTo(ModelRole.ANSWER);
    }

    @Test
    void privateModeAllowsLoopbackAndNamedHostsOnly() {
        PrivateMode mode = new PrivateMode(true, List.of("GPU-Box.lan"));

        assertThat(mode.refusal(openAi("http://127.0.0.1:11434/v1"))).isEmpty();
        assertThat(mode.refusal(openAi("http://localhost:8000/v1"))).isEmpty();
        assertThat(mode.refusal(openAi("http://[::1]:8080/v1"))).isEmpty();
        assertThat(mode.refusal(openAi("http://127.9.9.9:1234/v1"))).isEmpty();
        assertThat(mode.refusal(openAi("https://gpu-box.lan/v1"))).isEmpty();

        assertThat(mode.refusal(openAi("https://models.example.com/v1"))).get().asString()
                .contains("refuses the model profile \"default\" at https://models.example.com/v1")
                .contains("llm.allowed-hosts");
        // No endpoint means the OpenAI API itself; a name that merely resolves to loopback is not trusted.
        assertThat(mode.refusal(ModelProfile.of("default", "openai", Optional.empty(), "gpt-4.1", Optional.empty(),
                Map.of()))).get().asString().contains("https://api.openai.com/v1");
        assertThat(mode.refusal(openAi("http://localhost.example.com/v1"))).isPresent();
        assertThat(mode.refusal(openAi("http://127.0.0.1.nip.io/v1"))).isPresent();
        assertThat(mode.refusal(openAi("not an address"))).isPresent();
        assertThat(mode.refusal(ModelProfile.of("default", "azure-openai", Optional.empty(), "gpt-4o",
                Optional.empty(), Map.of()))).get().asString().contains("(no endpoint)");

        assertThat(new PrivateMode(false, List.of()).refusal(openAi("https://models.example.com/v1"))).isEmpty();
    }

    private static ModelProfile openAi(String endpoint) {
        return ModelProfile.of("default", "openai", Optional.of(endpoint), "m", Optional.empty(), Map.of());
    }
}
