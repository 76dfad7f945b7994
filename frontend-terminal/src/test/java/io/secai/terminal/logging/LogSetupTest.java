package io.secai.terminal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.secai.engine.config.SecretRedactor;

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
}
