package io.secai.terminal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.secai.engine.config.SecretRedactor;
import io.secai.testkit.secrets.SecretEncodings;

class LogSetupTest {
    @TempDir
    Path dataDir;

    @Test
    void logsToTheDataFolderWithConfiguredSecretsMasked() throws Exception {
        String secret = "sk-" + UUID.randomUUID();
        LogSetup.configure(dataDir, false);
        LogSetup.installRedactor(new SecretRedactor(List.of(secret)));

        LoggerFactory.getLogger("io.secai.test").info("calling with api-key {}", secret,
                new IllegalStateException("the service echoed " + secret));

        String log = Files.readString(dataDir.resolve("secai-test.log"));
        assertThat(log).contains("calling with api-key ***", "the service echoed ***").doesNotContain(secret);
    }

    /**
     * The bundled logback.xml as a real run uses it: the Azure sign-in library's warning carries the client secret
     * URL-encoded, and secai.log is created owner-only.
     */
    @Test
    void azureSignInWarningWithUrlEncodedClientSecretIsMaskedInAPrivateSecaiLog() throws Exception {
        String secret = "abc8Q~SECRET.fG+h/Ij=kLmn~0pQ";
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("secai.log.dir", dataDir.toString());
        context.putObject("secai.redactor", new SecretRedactor(List.of(secret)));
        URL bundled = LogSetup.class.getClassLoader().getResource("logback.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(bundled);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);

        context.getLogger("com.azure.identity.ClientSecretCredential").warn("Azure Identity => ERROR in getToken() "
                + "call: client_id=abc&client_secret=" + form.replace("%7E", "~") + "&grant_type=client_credentials");
        context.getLogger("com.azure.core.http").error("request failed: client_secret=" + form,
                new IllegalStateException("body was client_secret=" + form));
        context.stop();

        Path log = dataDir.resolve("secai.log");
        assertThat(SecretEncodings.leaks(Files.readString(log), List.of(secret))).isEmpty();
        assertThat(Files.readString(log)).contains("client_secret=***&grant_type", "body was client_secret=***");
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        }
    }
}
