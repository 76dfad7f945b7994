package io.secai.terminal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.demo.DemoWorld;
import io.secai.engine.Engines;
import io.secai.terminal.Main;
import io.secai.terminal.cli.ProcessIO;
import io.secai.terminal.testing.EngineFixture;

/**
 * {@code secai --demo} end to end through the real command line, engine and plugins-dir: both sample
 * investigations start to finish, an unknown prompt, and the demo's promises (says its answers are recorded, reads
 * no configuration, leaves no folder behind, passes its own doctor).
 */
class DemoCommandLineTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The demo folders the engines of this test were started in (the work folder's parent). */
    private final List<Path> demoFolders = new CopyOnWriteArrayList<>();

    private int secai(Map<String, String> environment, String... args) {
        out.reset();
        err.reset();
        String[] all = Stream.concat(Stream.of("--demo", "--plugins-dir",
                EngineFixture.pluginsDirOfTheBuild().toString()), Stream.of(args)).toArray(String[]::new);
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, environment, dir);
        return Main.run(all, (options, notices) -> {
            demoFolders.add(options.workingDirectory().getParent());
            return Engines.start(options, notices);
        }, io);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theIncidentInvestigationRunsStartToFinishOnTheDemoData() {
        int exit = secai(Map.of(), "run", "incident-investigation", "--input",
                "IncidentNumber=" + DemoWorld.INCIDENT);

        assertThat(exit).as(stdout() + stderr()).isZero();
        assertThat(stderr()).contains("DEMO:", "recorded demo answers", "run incident-investigation");
        String text = stdout();
        assertThat(text).contains("Step 5 of 5");
        // Step 1: the new incidents only (the closed one is filtered out by the query).
        assertThat(text).contains("Password spray followed by a hidden inbox rule",
                "Impossible travel to an unusual country").doesNotContain("Malware detected on a file share");
        // Step 3 used the AlertIds of step 2, step 4 the accounts of step 3's alerts.
        assertThat(text).contains("SystemAlertId in (\"7c1e4b2a-9d3f-4e61-8a5b-0f2c6d8e1a34\", "
                + "\"b4d9a0e7-3c2f-4a18-9e6d-5f1b7c2a8e90\")");
        assertThat(text).contains("\"nora.kim@contoso-demo.com\", \"liam.ortega@contoso-demo.com\"", "(6 rows)");
        assertThat(text).contains("Recorded demo answer", "Executive summary: incident 2207");
        assertThat(text).doesNotContain("Failed");
    }

    @Test
    void theUrlToDetectionInvestigationRunsStartToFinishOnTheDemoSite() {
        // Inputs after the name, as the banner's "Try:" line writes them.
        int exit = secai(Map.of(), "run", "url-to-detection", "Url=" + DemoWorld.techniqueUrl(),
                "Behaviour=hidden inbox rules", "OptimizationGuide=" + DemoWorld.guideUrl());

        assertThat(exit).as(stdout() + stderr()).isZero();
        String text = stdout();
        assertThat(text).contains("Step 3 of 3", "URL: " + DemoWorld.techniqueUrl(),
                "URL: " + DemoWorld.guideUrl());
        assertThat(text).contains("Recorded demo answer", "New-InboxRule");
        assertThat(text).contains("Hidden inbox rule created", "ARM template", "\"$schema\"", "T1564.008");
        assertThat(text).as("the last step's rule has the optimised query")
                .contains("Parameters has_any (\\\"MoveToFolder\\\"");
        assertThat(text).doesNotContain("Failed", "refused");
    }

    @Test
    void anyOtherPromptSaysWhatARealConfigurationNeeds() {
        int exit = secai(Map.of(), "ask", "Which of my servers talked to 8.8.8.8 yesterday?");

        assertThat(exit).as(stdout() + stderr()).isZero();
        assertThat(stdout()).contains("Recorded demo answer", "openai.endpoint", "AZURE_OPENAI_ENDPOINT",
                "openai.deployment", "azure.workspace-id", "AZURE_WORKSPACE_ID", "secai doctor",
                "run incident-investigation IncidentNumber=2207");
    }

    @Test
    void theDemoReadsNoConfigurationAndLeavesNoFolderBehind() throws IOException {
        Files.writeString(dir.resolve(".env"), "AZURE_OPENAI_ENDPOINT=https://real.openai.azure.com\n"
                + "SECAI_DATA_DIR=" + dir.resolve("real-data") + "\n");

        int exit = secai(Map.of("AZURE_OPENAI_ENDPOINT", "https://real.openai.azure.com",
                "AZURE_WORKSPACE_ID", "11111111-1111-1111-1111-111111111111"), "doctor");

        assertThat(exit).as("the demo passes its own doctor: " + stdout()).isZero();
        assertThat(stdout()).contains("PASS  sentinel-kql: workspace (print 1)", "checks passed.")
                .doesNotContain("real.openai.azure.com", "11111111-1111");
        assertThat(dir.resolve("real-data")).doesNotExist();
        // The demo's own folder, not a listing of the temporary folder: other processes may run demos meanwhile.
        assertThat(demoFolders).hasSize(1);
        assertThat(demoFolders.get(0).getFileName().toString()).startsWith("secai-demo-");
        assertThat(demoFolders.get(0)).as("the demo's temporary folder is removed at exit").doesNotExist();
    }
}
