package io.secai.engine.redaction;

import io.secai.engine.config.SecretRedactor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PromptSecretsTest {

    private final PromptSecrets secrets = new PromptSecrets(new SecretRedactor(List.of("my-configured-key-123"))::redact);

    @Test
    void configuredSecretPastedIntoAPromptIsMaskedAndReported() {
        PromptSecrets.Found found = secrets.mask("why does my-configured-key-123 fail?");

        assertThat(found.text()).isEqualTo("why does *** fail?");
        assertThat(found.notice()).contains("a configured secret or token", "masked");
    }

    @Test
    void commonKeyAndTokenShapesAreMasked() {
        String storageKey = "A".repeat(40) + "b+/c".repeat(11) + "DE==";
        String prompt = String.join("\n",
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdEFGH_ijk",
                "storage " + storageKey,
                "aws AKIAIOSFODNN7EXAMPLE",
                "gh ghp_" + "a1B2".repeat(9),
                "conn Server=tcp:db;User Id=sa;Password=Hunter2!x;Encrypt=true",
                "-----BEGIN RSA PRIVATE KEY-----",
                "MIIEowIBAAKCAQEA1234567890abcdef",
                "-----END RSA PRIVATE KEY-----",
                "and then summarise the incident");

        PromptSecrets.Found found = secrets.mask(prompt);

        assertThat(found.text()).doesNotContain("eyJhbGciOiJIUzI1NiJ9", storageKey, "AKIAIOSFODNN7EXAMPLE",
                "ghp_a1B2", "Hunter2!x", "MIIEowIBAAKCAQEA").contains("Password=***;Encrypt=true",
                "and then summarise the incident");
        assertThat(found.kinds()).contains("a JSON Web Token", "an Azure storage key", "an AWS access key",
                "a GitHub token", "a password or key in a connection string", "a private key");
    }

    @Test
    void aPromptWithoutSecretsIsUntouchedAndNoNotice() {
        PromptSecrets.Found found = secrets.mask("show me the new incidents of the last 30 days | take 10");

        assertThat(found.text()).isEqualTo("show me the new incidents of the last 30 days | take 10");
        assertThat(found.kinds()).isEmpty();
        assertThat(found.notice()).isEmpty();
    }

    /** A pasted wall of near-tokens is scanned in linear time; the real token at its end is still found. */
    @Test
    void hostilePromptIsScannedInLinearTime() {
        String jwt = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJl";
        for (String unit : List.of("-eyJa", "sk-", "Bearer ", "password=", "ghp_", "-----BEGIN PRIVATE KEY-----",
                "AKIA")) {
            String hostile = unit.repeat(400_000 / unit.length()) + " " + jwt;
            PromptSecrets.Found found = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> secrets.mask(hostile), unit);
            assertThat(found.text()).as(unit).doesNotContain(jwt);
        }
    }
}
