package io.secai.engine.platform;

import io.secai.api.LlmClient;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.api.TokenUsage;
import io.secai.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformStartTest {

    @TempDir
    Path dir;

    private EngineOptions options() {
        return new EngineOptions(Optional.empty(), Optional.empty(), Optional.of("none"), dir, Map.of(),
                Map.of("secai.data-dir", dir.resolve("data").toString()));
    }

    @Test
    void missingPluginsFolderIsANoticeNotACrash() {
        try (Platform platform = Platform.start(options().withPluginsDir(dir.resolve("absent")), HostClients.NONE)) {
            assertThat(platform.plugins()).isEmpty();
            assertThat(platform.statuses()).isEmpty();
            assertThat(platform.notices()).contains("The plugins folder " + dir.resolve("absent")
                    + " does not exist: no plugins are loaded (set --plugins-dir or secai.plugins-dir).");
        }
    }

    @Test
    void pluginsDirFromTheCommandLineWinsOverTheSetting() throws Exception {
        Files.createDirectories(dir.resolve("from-option"));
        EngineOptions options = options().withPluginsDir(Path.of("from-option"))
                .withOverrides(Map.of("secai.plugins-dir", "from-setting",
                        "secai.data-dir", dir.resolve("data").toString()));

        try (Platform platform = Platform.start(options, HostClients.NONE)) {
            assertThat(platform.pluginsDirectory()).isEqualTo(dir.resolve("from-option"));
            assertThat(platform.notices()).noneMatch(line -> line.contains("plugins folder"));
        }
    }

    @Test
    void pluginsDirSettingFromApplicationConfIsUsed() throws Exception {
        Files.createDirectories(dir.resolve("conf-plugins"));
        Path conf = Files.writeString(dir.resolve("application.conf"), "secai.plugins-dir = \"conf-plugins\"\n");

        try (Platform platform = Platform.start(options().withConfigFile(conf), HostClients.NONE)) {
            assertThat(platform.pluginsDirectory()).isEqualTo(dir.resolve("conf-plugins"));
        }
    }

    @Test
    void missingAzureConfigurationSaysWhatToSetAndWhere() {
        try (Platform platform = Platform.start(options().withPluginsDir(dir), HostClients.NONE)) {
            assertThat(platform.notices()).contains(
                    "Azure OpenAI is not configured: set openai.endpoint (AZURE_OPENAI_ENDPOINT) and"
                            + " openai.deployment (AZURE_OPENAI_MODELNAME) in application.conf, the environment or"
                            + " .env; until then prompts cannot be planned or answered.",
                    "The Microsoft Sentinel workspace is not configured: set azure.workspace-id"
                            + " (AZURE_WORKSPACE_ID), or azure.workspaces.<alias>.id for several, in application.conf, the environment or .env to query Sentinel.");
            assertThat(platform.notices()).anyMatch(line -> line.startsWith("Authentication is off (--auth none)"));
        }
    }

    @Test
    void workspacesConfiguredOnlyByAliasNeedNoNotice() throws Exception {
        Path conf = Files.writeString(dir.resolve("application.conf"),
                "azure.workspaces.emea.id = \"11111111-2222-3333-4444-555555555555\"\n");

        try (Platform platform = Platform.start(options().withPluginsDir(dir).withConfigFile(conf),
                HostClients.NONE)) {
            assertThat(platform.notices()).noneMatch(line -> line.contains("workspace is not configured"));
        }
    }

    @Test
    void openAiWithoutKeyAndWithoutSignInIsNoticed() {
        EngineOptions options = options().withPluginsDir(dir).withEnvironment(Map.of(
                "AZURE_OPENAI_ENDPOINT", "https://x.openai.azure.com/", "AZURE_OPENAI_MODELNAME", "gpt-4o",
                "AZURE_WORKSPACE_ID", "ws"));

        try (Platform platform = Platform.start(options, HostClients.NONE)) {
            assertThat(platform.notices()).containsExactly(
                    "Authentication is off (--auth none): choose another method with --auth or azure.auth to use"
                            + " Azure services that need a signed-in identity.",
                    "Azure OpenAI has no API key and authentication is off: set openai.api-key"
                            + " (AZURE_OPENAI_APIKEY) in application.conf, the environment or .env, or choose a"
                            + " sign-in method with --auth.");
        }
    }

    @Test
    void hostClientsGetSettingsAndTokensAndAreOfferedAndClosed() {
        AtomicBoolean closed = new AtomicBoolean();
        HostClients hostClients = (settings, tokens) -> {
            assertThat(settings.string("secai.data-dir")).contains(dir.resolve("data").toString());
            assertThatThrownBy(() -> tokens.token(Set.of("https://x/.default"))).isInstanceOf(ServiceException.class);
            return List.of(new ClosingLlm(closed));
        };

        Platform platform = Platform.start(options().withPluginsDir(dir), hostClients);

        assertThat(platform.clients().get(LlmClient.class)).get().isInstanceOf(ClosingLlm.class);
        assertThat(platform.clients().get(TokenProvider.class)).containsSame(platform.tokens());
        assertThat(platform.dataDirectory()).isEqualTo(dir.resolve("data"));
        platform.close();
        assertThat(closed).isTrue();
    }

    @Test
    void hostClientThatCannotBeCreatedIsANotice() {
        HostClients failing = (settings, tokens) -> {
            throw new SecAiException("Azure OpenAI client not created: the endpoint is not a URL.");
        };

        try (Platform platform = Platform.start(options().withPluginsDir(dir), failing)) {
            assertThat(platform.notices()).contains("Azure OpenAI client not created: the endpoint is not a URL.");
            assertThat(platform.clients().get(LlmClient.class)).isEmpty();
        }
    }

    @Test
    void unknownAuthMethodStopsTheStartWithTheValidNames() {
        assertThatThrownBy(() -> Platform.start(options().withPluginsDir(dir).withAuth("sso"), HostClients.NONE))
                .isInstanceOf(SecAiException.class)
                .hasMessageContaining("use one of interactive, client_secret, default, device_code, azure_cli, access_token, none");
    }

    @Test
    void noticesNeverShowSecrets() {
        HostClients leaky = (settings, tokens) -> {
            throw new SecAiException("request with key sk-live-0123456789 was refused");
        };
        EngineOptions options = options().withPluginsDir(dir)
                .withEnvironment(Map.of("AZURE_OPENAI_APIKEY", "sk-live-0123456789"));

        try (Platform platform = Platform.start(options, leaky)) {
            assertThat(platform.notices()).contains("request with key *** was refused")
                    .noneMatch(line -> line.contains("sk-live-0123456789"));
        }
    }

    /** A host client stand-in: the real model client belongs to another part of the engine. */
    private static final class ClosingLlm implements LlmClient, AutoCloseable {
        private final AtomicBoolean closed;

        ClosingLlm(AtomicBoolean closed) {
            this.closed = closed;
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            return ChatResponse.of("", TokenUsage.NONE, "stop");
        }

        @Override
        public int countTokens(String text) {
            return 0;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

}
