package io.secai.engine.redaction;

import io.secai.engine.config.SecretRedactor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingOutputStreamTest {

    private final SecretRedactor redactor = new SecretRedactor(List.of("s3cr3t-value"));

    @Test
    void aSecretPrintedInPiecesIsStillMasked() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = RedactingOutputStream.printStream(target, redactor::redact);

        out.print("key=s3cr");
        out.flush();
        out.print("3t-value");
        out.println(" end");
        out.print("tail s3cr3t-value");
        out.close();

        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("key=*** end\ntail ***");
    }

    @Test
    void aConsoleStreamPassesPendingTextOnAtAnExplicitFlush() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = RedactingOutputStream.console(target, redactor::redact);

        out.print("secai> ");
        out.flush();

        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("secai> ");
    }

    @Test
    void aRunWithoutLineEndsIsPassedOnOnceTheCapIsReached() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = RedactingOutputStream.printStream(target, redactor::redact);

        out.print("x".repeat(RedactingOutputStream.MAX_LINE + 10));

        assertThat(target.size()).isGreaterThanOrEqualTo(RedactingOutputStream.MAX_LINE);
    }
}
