package io.secai.testkit.plugin;

import io.secai.api.AccessToken;
import io.secai.api.LlmClient;
import io.secai.api.Settings;
import io.secai.api.TokenProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestPluginContextTest {

    @TempDir
    Path folder;

    @Test
    void offersTheSettingsReadWithTheEnginesRules() {
        TestPluginContext context = TestPluginContext.of(Map.of("plugins.x.enabled", "Yes"));

        assertThat(context.settings().bool("plugins.x.enabled", false)).isTrue();
        assertThat(context.settings().string("plugins.x.other")).isEmpty();
    }

    @Test
    void acceptsAnySettingsImplementation() {
        Settings settings = new MapSettings(Map.of("a", "1"));

        assertThat(TestPluginContext.builder().settings(settings).build().settings()).isSameAs(settings);
        assertThat(TestPluginContext.builder().build().settings().string("a")).isEmpty();
    }

    @Test
    void createsTheChosenDataDirectoryWhenThePluginFirstAsks() {
        Path wanted = folder.resolve("plugin").resolve("data");
        TestPluginContext context = TestPluginContext.builder().dataDirectory(wanted).build();

        assertThat(wanted).doesNotExist();
        assertThat(context.dataDirectory()).isEqualTo(wanted).isDirectory();
    }

    @Test
    void withoutAChoiceTheDataDirectoryIsANewTemporaryFolderKeptForTheContextsLife() throws Exception {
        TestPluginContext context = TestPluginContext.builder().build();

        Path first = context.dataDirectory();
        Path again = context.dataDirectory();
        Path another = TestPluginContext.builder().build().dataDirectory();
        Files.delete(first);
        Files.delete(another);

        assertThat(first).isEqualTo(again).isNotEqualTo(another);
        assertThat(first.getFileName().toString()).startsWith("secai-plugin-data-");
    }

    @Test
    void handsOutOnlyTheClientsAdded() {
        TokenProvider tokens = scopes -> AccessToken.of(String.join(" ", scopes), Instant.MAX);
        TestPluginContext context = TestPluginContext.builder().client(TokenProvider.class, tokens).build();

        assertThat(context.client(TokenProvider.class)).containsSame(tokens);
        assertThat(context.client(TokenProvider.class).orElseThrow().token(Set.of("scope")).token())
                .isEqualTo("scope");
        assertThat(context.client(LlmClient.class)).isEmpty();
    }
}
