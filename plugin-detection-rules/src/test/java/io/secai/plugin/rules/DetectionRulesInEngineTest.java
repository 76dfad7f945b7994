package io.secai.plugin.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.secai.engine.ProgressListener;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.engine.PromptOutcome;
import io.secai.kql.guard.KqlGuard;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as a jar in a plugins folder, loaded by the real engine in its own class loader, calling Azure OpenAI
 * through the engine's azure-ai-openai client against the test kit's HTTPS fake: a rule whose period is shorter
 * than its frequency goes back once and comes out repaired.
 */
class DetectionRulesInEngineTest {

    @TempDir
    Path dir;

    @Test
    void aBadPeriodIsRepairedInOneCallThroughTheRealModelClient() throws Exception {
        TestTls.shared().installAsJvmDefault();
        Path plugins = installAsJar(dir.resolve("plugins"));
        try (FakeOpenAi openAi = FakeOpenAi.start()) {
            openAi.respondWith(this::answer);
            Map<String, String> settings = Map.of("secai.data-dir", dir.resolve("data").toString(),
                    "openai.endpoint", openAi.endpoint(), "openai.api-key", "test-key",
                    "openai.deployment", "gpt-test");
            try (Engine engine = Engines.start(new EngineOptions(Optional.empty(), Optional.of(plugins),
                    Optional.of("none"), dir, Map.of(), settings))) {
                String session = engine.sessions().create("analyst").id();

                PromptOutcome outcome = engine.submit(session, "Write the analytic rule for mass deletions",
                        ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);

                assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
                assertThat(openAi.calls()).extracting(call -> call.schemaName().orElse(""))
                        .containsExactly("secai_plan", "analytics_rule", "analytics_rule");
                ChatCall repair = openAi.calls().get(2);
                assertThat(repair.lastUserText()).contains("$.queryPeriod: the query period PT10M (10 minutes) "
                        + "is shorter than the frequency PT1H (1 hour)");
                String arm = outcome.tasks().get(0).result().artifacts().stream()
                        .filter(artifact -> artifact.label().equals("ARM template")).findFirst().orElseThrow()
                        .value();
                assertThat(new ObjectMapper().readTree(arm).path("resources").path(0).path("properties")
                        .path("queryPeriod").asText()).isEqualTo("PT1H");
                assertThat(outcome.tasks().get(0).result().usage().calls()).isEqualTo(2);
            }
        }
    }

    private Reply answer(ChatCall call) {
        String schema = call.schemaName().orElse("");
        if (schema.equals("secai_plan")) {
            return Reply.text("{\"tasks\":[{\"plugin\":\"detection-rules\",\"capability\":\"create-rule\","
                    + "\"instruction\":\"Write the analytic rule for mass deletions\",\"inputs\":[]}]}");
        }
        boolean repair = call.lastUserText().startsWith("That rule cannot be deployed");
        return Reply.text(DetectionRulesPluginTest.answer(Map.of("queryFrequency", "PT1H",
                "queryPeriod", repair ? "PT1H" : "PT10M")));
    }

    /** Installs the plugin as a third party would: its jar and its dependency jars in a folder of plugins-dir. */
    private static Path installAsJar(Path plugins) throws IOException, URISyntaxException {
        Path folder = Files.createDirectories(plugins.resolve("plugin-detection-rules"));
        jarOf(location(DetectionRulesPlugin.class), folder.resolve("plugin-detection-rules.jar"));
        for (Class<?> dependency : List.of(KqlGuard.class, ObjectMapper.class, com.fasterxml.jackson.core
                .JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class, YAMLFactory.class,
                Yaml.class)) {
            Path source = location(dependency);
            Path target = folder.resolve(dependency.getSimpleName() + "-dependency.jar");
            if (Files.isDirectory(source)) {
                jarOf(source, target);
            } else {
                Files.copy(source, target);
            }
        }
        return plugins;
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
