package io.secai.terminal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.terminal.Main;
import io.secai.terminal.cli.ProcessIO;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.entra.FakeEntraId;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

/**
 * {@code secai doctor} against the fakes, through the real command line, engine and plugins-dir: healthy, and one
 * failure at a time, each with a non-zero exit and its fix on the failed line.
 */
class DoctorCommandTest {

    @TempDir
    Path dir;

    private FakeOpenAi openAi;
    private FakeLogAnalytics logs;
    private FakeEntraId entra;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void startFakes() throws Exception {
        TestTls.shared().installAsJvmDefault();
        openAi = FakeOpenAi.start().respondWith(call -> Reply.text("OK"));
        logs = FakeLogAnalytics.start(FakeWorkspace.empty()
                .withTable("SecurityIncident", "TimeGenerated:datetime, IncidentNumber:int, Title:string",
                        List.of())
                .withTable("SigninLogs", "TimeGenerated:datetime, UserPrincipalName:string", List.of()));
        entra = FakeEntraId.start();
        settings.put("secai.data-dir", Files.createDirectories(dir.resolve("data")).toString());
        settings.put("openai.endpoint", openAi.endpoint());
        settings.put("openai.deployment", "gpt-4o");
        settings.put("azure.auth", "client_secret");
        settings.put("azure.authority-host", entra.authorityHost());
        settings.put("azure.instance-discovery", "false");
        settings.put("azure.tenant-id", "7d3c1a52-5b0e-4a8e-9f3b-2c6d8e1f4a90");
        settings.put("azure.client-id", "0b6d3c1e-2f4a-4e5b-8c7d-9e0f1a2b3c4d");
        settings.put("azure.client-secret", "doctor-client-secret");
        settings.put("azure.workspace-id", logs.workspaceId());
        settings.put("plugins.sentinel-kql.endpoint", logs.endpoint());
        settings.put("plugins.sentinel-kql.http-retries", "0");
    }

    @AfterEach
    void stopFakes() {
        openAi.close();
        logs.close();
        entra.close();
    }

    private int doctor() throws Exception {
        out.reset();
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false, Map.of(), work);
        return Main.run(new String[] {"doctor"}, (options, later) -> Engines.start(new EngineOptions(
                Optional.empty(), Optional.of(EngineFixture.pluginsDirOfTheBuild()), Optional.empty(), work,
                Map.of(), settings), later), io);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String lineOf(String name) {
        return output().lines().filter(line -> line.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in:\n" + output()));
    }

    @Test
    void aHealthyConfigurationPassesEveryCheckWithOneTinyModelCall() throws Exception {
        assertThat(doctor()).as(output()).isZero();

        assertThat(output()).doesNotContain("FAIL").contains("checks passed.");
        assertThat(lineOf("configuration")).startsWith("PASS");
        assertThat(lineOf("sign-in (Log Analytics)")).startsWith("PASS").contains("client_secret");
        assertThat(lineOf("sign-in (Azure OpenAI)")).startsWith("PASS");
        assertThat(lineOf("model deployment")).startsWith("PASS").contains("gpt-4o answered");
        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("PASS");
        assertThat(lineOf("sentinel-kql: schema")).startsWith("PASS").contains("2 tables");
        assertThat(lineOf("fetchurl: settings")).startsWith("PASS");
        assertThat(lineOf("gpt: model client")).startsWith("PASS");
        assertThat(output()).doesNotContain("doctor-client-secret");

        List<ChatCall> calls = openAi.calls();
        assertThat(calls).as("one model call, of one token").hasSize(1);
        assertThat(calls.get(0).maxTokens()).hasValue(1);
        assertThat(calls.get(0).bearerToken()).as("the model was signed in to with Entra ID").isPresent();
        assertThat(logs.queries()).extracting(FakeLogAnalytics.RecordedQuery::query)
                .containsExactly("print 1", "union withsource=SecAiTable * | summarize by SecAiTable");
        assertThat(entra.scopes()).anySatisfy(scope -> assertThat(scope)
                .contains("https://cognitiveservices.azure.com/.default"));
        assertThat(entra.scopes()).anySatisfy(scope -> assertThat(scope).contains("https://localhost/.default"));
    }

    @Test
    void aMissingSettingIsNamedWithItsVariable() throws Exception {
        settings.remove("openai.deployment");

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("configuration")).startsWith("FAIL")
                .contains("missing openai.deployment (AZURE_OPENAI_MODELNAME)")
                .contains("Fix: set openai.deployment (AZURE_OPENAI_MODELNAME) in application.conf");
        assertThat(lineOf("model deployment")).startsWith("FAIL").contains("not checked");
        assertThat(openAi.calls()).isEmpty();
    }

    @Test
    void aRefusedSignInFailsBothSignInsWithTheSettingsToCheck() throws Exception {
        entra.refuse("AADSTS7000215: Invalid client secret provided.");

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("sign-in (Log Analytics)")).startsWith("FAIL").contains("AADSTS7000215")
                .contains("Fix: check azure.tenant-id, azure.client-id and azure.client-secret");
        assertThat(lineOf("sign-in (Azure OpenAI)")).startsWith("FAIL").contains("azure.client-secret");
        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("FAIL");
        assertThat(output()).doesNotContain("doctor-client-secret");
    }

    @Test
    void aMissingModelDeploymentIsTheDeploymentSetting() throws Exception {
        openAi.respondWith(call -> Reply.deploymentNotFound());

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("model deployment")).startsWith("FAIL")
                .contains("Fix: check openai.deployment (AZURE_OPENAI_MODELNAME)");
        assertThat(openAi.calls()).as("a 404 is not retried").hasSize(1);
    }

    @Test
    void aWorkspaceThatRefusesAccessNamesTheRole() throws Exception {
        logs.enqueue(FakeLogAnalytics.Reply.error(403, "InsufficientAccessError",
                "The provided credentials have insufficient access to perform the requested operation", null, null));

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("FAIL").contains("HTTP 403")
                .contains("Fix: grant the signed-in identity the Log Analytics Reader role");
        assertThat(lineOf("sentinel-kql: schema")).startsWith("FAIL").contains("not checked");
    }

    @Test
    void anUnreachableWorkspaceNamesTheEndpoint() throws Exception {
        logs.close();

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("FAIL")
                .contains("Fix: check the network and plugins.sentinel-kql.endpoint");
    }

    @Test
    void anUnknownWorkspaceIdNamesTheSetting() throws Exception {
        settings.put("azure.workspace-id", "00000000-0000-0000-0000-000000000000");

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("FAIL").contains("not found")
                .contains("Fix: check azure.workspace-id (AZURE_WORKSPACE_ID)");
    }

    @Test
    void aWorkspaceWithoutTablesFailsTheSchema() throws Exception {
        logs.close();
        logs = FakeLogAnalytics.start(FakeWorkspace.empty());
        settings.put("azure.workspace-id", logs.workspaceId());
        settings.put("plugins.sentinel-kql.endpoint", logs.endpoint());

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("sentinel-kql: workspace (print 1)")).startsWith("PASS");
        assertThat(lineOf("sentinel-kql: schema")).startsWith("FAIL").contains("lists no tables")
                .contains("Fix: connect data sources");
    }

    @Test
    void aPluginWhoseSelfCheckFailsSaysWhatToChange() throws Exception {
        settings.put("plugins.fetchurl.connect-to", "intranet.example:443:10.0.0.5:443");

        assertThat(doctor()).isEqualTo(1);

        assertThat(lineOf("fetchurl: settings")).startsWith("FAIL").contains("10.0.0.5")
                .contains("Fix: add intranet.example to plugins.fetchurl.allow-hosts");
        assertThat(output()).contains("1 of ").contains("checks failed.");
    }
}
