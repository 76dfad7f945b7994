package io.secai.testkit.plugin;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.secai.api.MissingSettingException;
import io.secai.api.SecAiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"30s", "5m", "2h", "30d", "250", "250ms", "10 seconds", "1 second", "3 minutes",
            "1 hour", "2 days", "1.5h", "0.5 s", "100us", "7 nanos", "12 millis", " 45s ", "-3s", "+2m",
            "2 day", "5 milli"})
    void readsEveryDurationAsHoconDoes(String written) {
        Duration expected = ConfigFactory.parseString("d = \"" + written + "\"").getDuration("d");

        assertThat(new MapSettings(Map.of("d", written)).duration("d", Duration.ZERO)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT30S", "30 S", "5 mins", "soon", "s", "1.2.3s", "30 weeks"})
    void refusesWhatHoconRefusesAsADuration(String written) {
        assertThatThrownBy(() -> ConfigFactory.parseString("d = \"" + written + "\"").getDuration("d"))
                .isInstanceOf(ConfigException.class);

        assertThatThrownBy(() -> new MapSettings(Map.of("plugins.x.timeout", written))
                .duration("plugins.x.timeout", Duration.ZERO))
                .isInstanceOf(SecAiException.class)
                .hasMessage("Setting plugins.x.timeout must be a duration such as 30s, 5m, 2h or 30d, not '"
                        + written + "'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"a\", \"b\"]", "[a, b]", "[ a,b ]", "[\"a, b\", c]", "[]", "[\"x y\"]",
            "[\"quote \\\" inside\"]", "[1, 2.5, true]", "[a, b,]", "[\"  padded  \"]"})
    void readsBracketedListsAsHoconDoes(String written) {
        List<String> expected = ConfigFactory.parseString("l = " + written).getList("l").stream()
                .map(value -> String.valueOf(value.unwrapped())).toList();

        assertThat(new MapSettings(Map.of("l", written)).list("l")).isEqualTo(expected);
    }

    @Test
    void readsCommaSeparatedListsAsAnEnvironmentVariableGivesThem() {
        MapSettings settings = new MapSettings(Map.of("hosts", " example.com, ,example.org ", "one", "single"));

        assertThat(settings.list("hosts")).containsExactly("example.com", "example.org");
        assertThat(settings.list("one")).containsExactly("single");
        assertThat(settings.list("unset")).isEmpty();
    }

    @Test
    void refusesAListWithAnUnclosedQuote() {
        assertThatThrownBy(() -> new MapSettings(Map.of("l", "[\"a, b]")).list("l"))
                .isInstanceOf(SecAiException.class)
                .hasMessageContaining("Setting l must be a list such as [\"a\", \"b\"] or a, b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "yes", "Yes", "on", " true "})
    void readsTrueInAnyCase(String written) {
        assertThat(new MapSettings(Map.of("flag", written)).bool("flag", false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "no", "NO", "off"})
    void readsFalseInAnyCase(String written) {
        assertThat(new MapSettings(Map.of("flag", written)).bool("flag", true)).isFalse();
    }

    @Test
    void aBooleanThatIsNeitherIsAnErrorNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> new MapSettings(Map.of("plugins.sentinel-kql.load-schema", "maybe"))
                .bool("plugins.sentinel-kql.load-schema", true))
                .isInstanceOf(SecAiException.class)
                .hasMessage("Setting plugins.sentinel-kql.load-schema (environment variable SENTINELKQL_LOADSCHEMA)"
                        + " must be true or false (or yes or no), not 'maybe'.");
    }

    @Test
    void readsWholeNumbersAndRefusesOthers() {
        MapSettings settings = new MapSettings(Map.of("n", " 42 ", "bad", "4.5"));

        assertThat(settings.integer("n", 0)).isEqualTo(42);
        assertThat(settings.integer("unset", 7)).isEqualTo(7);
        assertThatThrownBy(() -> settings.integer("bad", 0))
                .hasMessage("Setting bad must be a whole number, not '4.5'.");
    }

    @Test
    void anErrorNeverRepeatsASecretValue() {
        assertThatThrownBy(() -> new MapSettings(Map.of("openai.api-key", "sk-123")).integer("openai.api-key", 0))
                .hasMessage("Setting openai.api-key (environment variable AZURE_OPENAI_APIKEY) must be a whole number.")
                .hasMessageNotContaining("sk-123");
    }

    @Test
    void aBlankValueCountsAsUnset() {
        MapSettings settings = new MapSettings(Map.of("blank", "  "));

        assertThat(settings.string("blank")).isEmpty();
        assertThat(settings.integer("blank", 3)).isEqualTo(3);
        assertThat(settings.duration("blank", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void requireNamesTheKeyTheOriginalsVariableAndThePurpose() {
        assertThatThrownBy(() -> MapSettings.empty().require("azure.workspace-id", "the workspace to query"))
                .isInstanceOf(MissingSettingException.class)
                .hasMessage("Missing setting azure.workspace-id (environment variable AZURE_WORKSPACE_ID):"
                        + " the workspace to query.");
        assertThatThrownBy(() -> MapSettings.empty().require("plugins.x.key", "the key"))
                .hasMessage("Missing setting plugins.x.key: the key.");
        assertThat(new MapSettings(Map.of("plugins.x.key", "k")).require("plugins.x.key", "the key")).isEqualTo("k");
    }

    @Test
    void keysBelowAPathFormASection() {
        MapSettings settings = new MapSettings(Map.of(
                "plugins.x.headers.User-Agent", "SecAI", "plugins.x.headers.Accept", "text/html",
                "plugins.x.headers.deep.key", "v", "plugins.y.other", "no"));

        assertThat(settings.map("plugins.x.headers")).containsExactly(Map.entry("Accept", "text/html"),
                Map.entry("User-Agent", "SecAI"), Map.entry("deep.key", "v"));
        assertThat(settings.map("plugins.z")).isEmpty();
        assertThatThrownBy(() -> settings.string("plugins.x.headers"))
                .hasMessage("Setting plugins.x.headers must be a single value, not a section.");
        assertThatThrownBy(() -> settings.map("plugins.y.other"))
                .hasMessage("Setting plugins.y.other must be a section of keys and values.");
    }

    @Test
    void aBracketedValueIsAListNotAText() {
        assertThatThrownBy(() -> new MapSettings(Map.of("l", "[a]")).string("l"))
                .hasMessage("Setting l must be a single value, not a list.");
    }

    @Test
    void refusesMapsThatHoconCouldNotHold() {
        assertThatThrownBy(() -> new MapSettings(Map.of("a", "1", "a.b", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> new MapSettings(Map.of("a..b", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Not a settings path: 'a..b'");
        assertThatThrownBy(() -> MapSettings.empty().string(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withReturnsACopyWithOneValueChanged() {
        MapSettings original = new MapSettings(Map.of("a", "1", "b", "2"));

        MapSettings changed = original.with("a", "3");

        assertThat(changed.string("a")).contains("3");
        assertThat(changed.string("b")).contains("2");
        assertThat(original.string("a")).isEqualTo(Optional.of("1"));
    }

    @Test
    void toStringShowsTheKeysButNoValue() {
        assertThat(new MapSettings(Map.of("openai.api-key", "sk-123", "b", "2")))
                .hasToString("MapSettings[b, openai.api-key]");
    }
}
