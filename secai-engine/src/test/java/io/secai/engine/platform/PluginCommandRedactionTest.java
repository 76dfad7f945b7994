package io.secai.engine.platform;

import io.secai.engine.EngineOptions;
import io.secai.engine.PluginCommand;
import io.secai.testkit.secrets.LeakyPlugin;
import io.secai.testkit.secrets.SecretEncodings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party plugin that prints secrets itself, loaded from its jar: the host masks its command output.
 */
class PluginCommandRedactionTest {

    private static final Map<String, String> SECRETS = Map.of(
            "openai.api-key", "sk-live-0123456789abcdef0123",
            "azure.client-secret", "abc8Q~SECRET.fG+h/Ij=kLmn~0pQ",
            "azure.access-token", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJl-x_y",
            "web.token", "W3b-T0ken_with.enough~variety+/=0123456",
            "web.tls.password", "keystore pass/with \"quotes\"");

    @TempDir
    static Path work;
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        Path pluginsDir = work.resolve("plugins-dir");
        LeakyPlugin.writeJar(pluginsDir.resolve("leaky.jar"));
        Map<String, String> settings = new java.util.HashMap<>(SECRETS);
        settings.put("secai.data-dir", work.resolve("data").toString());
        platform = Platform.start(new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("none"),
                work, Map.of(), settings), HostClients.NONE);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void pluginCommandOutputIsMaskedEvenWhenThePluginPrintsSecretsItself() {
        Output output = run("leak");

        assertThat(output.exitCode()).isZero();
        assertThat(output.out()).contains("literal=***", "url=***", "tilde=***", "json={\"v\":\"***\"}");
        assertThat(output.err()).contains("Authorization=Bearer ***");
        assertThat(SecretEncodings.leaks(output.out() + output.err(), SECRETS.values())).isEmpty();
    }

    @Test
    void pluginCommandErrorWithBearerTokenIsMasked() {
        Output output = run("leak-fail");

        assertThat(output.exitCode()).isEqualTo(1);
        assertThat(output.err()).contains("leaky leak-fail: IllegalStateException: request failed: "
                + "Authorization=Bearer *** client_secret=***");
        assertThat(SecretEncodings.leaks(output.err(), SECRETS.values())).isEmpty();
    }

    @Test
    void aPluginWritesThroughTheHostsRedactorIntoAPrivateFolder() throws Exception {
        run("leak");
        Path folder = work.resolve("data/plugins/leaky");

        assertThat(SecretEncodings.leaks(Files.readString(folder.resolve("leak.txt")), SECRETS.values())).isEmpty();
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
    }

    private record Output(int exitCode, String out, String err) {
    }

    private static Output run(String name) {
        PluginCommand command = platform.commands().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(List.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
