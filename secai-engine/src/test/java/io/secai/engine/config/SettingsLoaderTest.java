package io.secai.engine.config;

import io.secai.api.MissingSettingException;
import io.secai.api.SecAiException;
import io.secai.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private EngineOptions options() {
        return new EngineOptions(Optional.empty(), Optional.empty(), Optional.empty(), dir, Map.of(), Map.of());
    }

    private EngineSettings load(EngineOptions options) {
        return SettingsLoader.load(options, List.of());
    }

    @Test
    void engineDefaultsComeFromReferenceConf() {
        EngineSettings settings = load(options());

        assertThat(settings.string("secai.plugins-dir")).contains("plugins-dir");
        assertThat(settings.integer("session.window-size", -1)).isEqualTo(5);
        assertThat(settings.string("web.host")).contains("127.0.0.1");
        assertThat(settings.duration("openai.timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.string("openai.api-key")).isEmpty();
    }

    @Test
    void dataDirTildeExpandsToTheUsersHomeAndDerivedPathsFollow() {
        EngineSettings settings = load(options());

        Path home = Path.of(System.getProperty("user.home"));
        assertThat(settings.dataDirectory()).isEqualTo(home.resolve(".secai"));
        assertThat(settings.string("audit.file")).contains(home.resolve(".secai") + "/audit.jsonl");
    }

    @Test
    void dotEnvFileSetsTheOriginalsVariablesWithQuotesAndComments() throws Exception {
        Files.writeString(dir.resolve(".env"), """
                # App Reg details
                AZURE_TENANT_ID=tenant-from-dotenv
                AZURE_OPENAI_ENDPOINT = "https://dotenv.openai.azure.com/"   
                ASSISTANT_CONTEXT_WINDOW_SIZE=7 # a comment
                SENTINELKQL_LOADSCHEMA="False"
                AZURE_OPENAI_APIKEY='quoted secret'
                UNRELATED=ignored
                this line is broken
                """);

        EngineSettings settings = load(options());

        assertThat(settings.string("azure.tenant-id")).contains("tenant-from-dotenv");
        assertThat(settings.string("openai.endpoint")).contains("https://dotenv.openai.azure.com/");
        assertThat(settings.integer("session.window-size", 5)).isEqualTo(7);
        assertThat(settings.bool("plugins.sentinel-kql.load-schema", true)).isFalse();
        assertThat(settings.string("openai.api-key")).contains("quoted secret");
        assertThat(settings.warnings()).singleElement().asString().endsWith(".env line 8 ignored: expected KEY=VALUE");
    }

    @Test
    void environmentBeatsDotEnvAndApplicationConfAndOverridesBeatEverything() throws Exception {
        Path conf = Files.writeString(dir.resolve("application.conf"), """
                openai { endpoint = "https://conf.openai.azure.com/", deployment = "gpt-from-conf" }
                session.window-size = 3
                azure.workspace-id = "ws-from-conf"
                """);
        Files.writeString(dir.resolve(".env"), "AZURE_OPENAI_MODELNAME=gpt-from-dotenv\nAZURE_WORKSPACE_ID=ws-dotenv\n");
        EngineOptions options = options().withConfigFile(conf)
                .withEnvironment(Map.of("AZURE_OPENAI_ENDPOINT", "https://env.openai.azure.com/",
                        "AZURE_WORKSPACE_ID", "ws-from-env", "AZURE_OPENAI_MODELNAME", ""))
                .withOverrides(Map.of("azure.workspace-id", "ws-from-override"));

        EngineSettings settings = load(options);

        assertThat(settings.string("openai.endpoint")).contains("https://env.openai.azure.com/");
        assertThat(settings.string("openai.deployment"))
                .as("an empty environment variable does not erase the .env value")
                .contains("gpt-from-dotenv");
        assertThat(settings.integer("session.window-size", 5)).isEqualTo(3);
        assertThat(settings.string("azure.workspace-id")).contains("ws-from-override");
    }

    @Test
    void onlyTheOriginalsVariablesAreRead() {
        EngineSettings settings = load(options().withEnvironment(Map.of("SECAI_WEB_PORT", "1",
                "OPENAI_ENDPOINT", "https://nope/")));

        assertThat(settings.integer("web.port", 0)).isEqualTo(5000);
        assertThat(settings.string("openai.endpoint")).isEmpty();
    }

    @Test
    void missingConfigFileGivenExplicitlyIsAClearError() {
        Path missing = dir.resolve("nowhere.conf");

        assertThatThrownBy(() -> load(options().withConfigFile(missing)))
                .isInstanceOf(SecAiException.class)
                .hasMessage("Configuration file not found: " + missing + " (given with --config).");
    }

    @Test
    void invalidHoconNamesTheFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("application.conf"), "openai { endpoint = \n");

        assertThatThrownBy(() -> load(options().withConfigFile(conf)))
                .isInstanceOf(SecAiException.class)
                .hasMessageStartingWith("Configuration file " + conf + " is not valid:");
    }

    @Test
    void requireNamesTheKeyItsVariableAndPurpose() {
        EngineSettings settings = load(options());

        assertThatThrownBy(() -> settings.require("openai.endpoint", "the Azure OpenAI resource to ask"))
                .isInstanceOf(MissingSettingException.class)
                .hasMessage("Missing setting openai.endpoint (environment variable AZURE_OPENAI_ENDPOINT):"
                        + " the Azure OpenAI resource to ask.");
        assertThatThrownBy(() -> settings.require("web.tls.keystore", "the HTTPS certificate"))
                .hasMessage("Missing setting web.tls.keystore: the HTTPS certificate.");
    }

    @Test
    void booleansAcceptThePythonSpellingsInAnyCase() {
        EngineSettings settings = load(options().withOverrides(Map.of(
                "a.upper", "True", "a.lower", "false", "a.yes", "YES", "a.no", "no", "a.bad", "maybe")));

        assertThat(settings.bool("a.upper", false)).isTrue();
        assertThat(settings.bool("a.lower", true)).isFalse();
        assertThat(settings.bool("a.yes", false)).isTrue();
        assertThat(settings.bool("a.no", true)).isFalse();
        assertThat(settings.bool("a.unset", true)).isTrue();
        assertThatThrownBy(() -> settings.bool("a.bad", true))
                .hasMessage("Setting a.bad must be true or false (or yes or no), not 'maybe'.");
    }

    @Test
    void badNumbersAndDurationsSayWhatIsExpected() {
        EngineSettings settings = load(options().withEnvironment(Map.of("ASSISTANT_CONTEXT_WINDOW_SIZE", "five"))
                .withOverrides(Map.of("openai.timeout", "soon")));

        assertThatThrownBy(() -> settings.integer("session.window-size", 5)).hasMessage(
                "Setting session.window-size (environment variable ASSISTANT_CONTEXT_WINDOW_SIZE) must be a whole"
                        + " number, not 'five'.");
        assertThatThrownBy(() -> settings.duration("openai.timeout", Duration.ZERO))
                .hasMessage("Setting openai.timeout must be a duration such as 30s, 5m, 2h or 30d, not 'soon'.");
    }

    @Test
    void listsAndMapsReadHoconAndCommaSeparatedText() throws Exception {
        Path conf = Files.writeString(dir.resolve("application.conf"), """
                plugins.fetchurl.allow = ["a.example", "b.example"]
                plugins.fetchurl.headers { accept = "text/html", user-agent = "SecAI" }
                """);

        EngineSettings settings = load(options().withConfigFile(conf)
                .withOverrides(Map.of("plugins.gpt.modes", "summary, rule ,arm")));

        assertThat(settings.list("plugins.fetchurl.allow")).containsExactly("a.example", "b.example");
        assertThat(settings.list("plugins.gpt.modes")).containsExactly("summary", "rule", "arm");
        assertThat(settings.list("plugins.none")).isEmpty();
        assertThat(settings.map("plugins.fetchurl.headers"))
                .containsExactly(Map.entry("accept", "text/html"), Map.entry("user-agent", "SecAI"));
    }

    @Test
    void secretsAreRedactedAndToStringShowsNoValues() {
        EngineSettings settings = load(options().withEnvironment(Map.of(
                "AZURE_OPENAI_APIKEY", "sk-0123456789abcdef", "AZURE_CLIENT_SECRET", "client~secret.value")));

        String leaked = "POST failed with api-key: sk-0123456789abcdef and secret=client~secret.value";
        assertThat(settings.redactor().redact(leaked))
                .isEqualTo("POST failed with api-key: *** and secret=***");
        assertThat(settings.toString()).doesNotContain("sk-0123456789abcdef", "client~secret.value")
                .doesNotContain("127.0.0.1");
    }
}
