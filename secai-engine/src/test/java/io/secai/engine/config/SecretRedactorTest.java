package io.secai.engine.config;

import io.secai.testkit.secrets.SecretEncodings;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SecretRedactorTest {

    @Test
    void longerSecretsAreMaskedWholeEvenWhenTheyContainShorterOnes() {
        SecretRedactor redactor = new SecretRedactor(List.of("abcd", "abcd-efgh"));

        assertThat(redactor.redact("token abcd-efgh and abcd")).isEqualTo("token *** and ***");
    }

    @Test
    void blankSecretsAndNullTextChangeNothing() {
        SecretRedactor redactor = new SecretRedactor(Arrays.asList("", "  ", null));

        assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.toString()).isEqualTo("SecretRedactor[0 secrets]");
    }

    /** A client secret as Entra ID issues them: {@code ~} and {@code .} in it, here also the other URL specials. */
    private static final String CLIENT_SECRET = "abc8Q~SECRET.fG+h/Ij=kL mn~0pQ";

    @Test
    void clientSecretLoggedUrlEncodedByTheAzureSignInLibraryIsMasked() {
        SecretRedactor redactor = new SecretRedactor(List.of(CLIENT_SECRET));
        String form = URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8);
        String line = "WARN com.azure.identity.ClientSecretCredential - Azure Identity => ERROR in getToken() call "
                + "for scopes [https://api.loganalytics.io/.default]: POST body client_id=abc&client_secret="
                + form + "&grant_type=client_credentials";

        assertThat(redactor.redact(line)).endsWith("client_secret=***&grant_type=client_credentials")
                .doesNotContain(form).doesNotContain(form.replace("%7E", "~"));
    }

    @Test
    void everyEncodedFormOfEverySecretIsMasked() {
        List<String> secrets = List.of(CLIENT_SECRET, "sk-0123456789abcdefXYZ", "s\u00e9cret \"quoted\" / päss");
        SecretRedactor redactor = new SecretRedactor(secrets);
        for (String secret : secrets) {
            for (Map.Entry<String, String> form : SecretEncodings.of(secret).entrySet()) {
                String text = "before " + form.getValue() + " after";

                assertThat(redactor.redact(text)).as(form.getKey())
                        .startsWith("before ").endsWith(" after")
                        .satisfies(masked -> assertThat(SecretEncodings.leaks(masked, secrets)).isEmpty());
            }
        }
    }

    @Test
    void secretInsideBasicCredentialsIsMaskedAtEveryAlignment() {
        SecretRedactor redactor = new SecretRedactor(List.of(CLIENT_SECRET));
        for (String user : List.of("a:", "ab:", "abc:")) {
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String header = "Authorization: Basic " + encoder.encodeToString((user + CLIENT_SECRET + "!")
                        .getBytes(StandardCharsets.UTF_8));

                assertThat(SecretEncodings.leaks(redactor.redact(header), List.of(CLIENT_SECRET))).as(user).isEmpty();
            }
        }
    }

    @Test
    void bearerTokensAndJwtsAreMaskedWithoutBeingConfigured() {
        SecretRedactor redactor = new SecretRedactor(List.of());
        String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJlX19f";

        assertThat(redactor.redact("Authorization=Bearer " + jwt)).isEqualTo("Authorization=Bearer ***");
        assertThat(redactor.redact("authorization: bearer opaque-token.0123456789"))
                .isEqualTo("authorization: bearer ***");
        assertThat(redactor.redact("{\"token\":\"" + jwt + "\"}")).isEqualTo("{\"token\":\"***\"}");
        assertThat(redactor.redact("Authorization%3A+Bearer%20abcdef0123456789")).doesNotContain("abcdef0123456789");
    }

    @Test
    void ordinaryProseIsLeftAlone() {
        SecretRedactor redactor = new SecretRedactor(List.of(CLIENT_SECRET));
        String prose = "Use bearer authentication, see https://learn.microsoft.com/a/b?c=d and SigninLogs | take 10";

        assertThat(redactor.redact(prose)).isEqualTo(prose);
    }

    /**
     * Texts shaped to make a backtracking pattern retry from every position. Before the JWT pattern was anchored to
     * the start of a Base64url run, 100 KB of {@code -eyJa} took 54 s; now 800 KB of each shape takes well under a
     * second (the bound is loose for a shared machine).
     */
    @Test
    void hostileTextIsMaskedInLinearTime() {
        SecretRedactor redactor = new SecretRedactor(List.of(CLIENT_SECRET));
        String jwt = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJl";
        for (String unit : List.of("-eyJa", "eyJaaaa.", "bearer ", "Bearer+", "%7E", "abc8Q~", "YWJjOFF+")) {
            String hostile = unit.repeat(800_000 / unit.length()) + " " + jwt + " " + CLIENT_SECRET;
            String masked = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> redactor.redact(hostile), unit);
            assertThat(masked).as(unit).endsWith(" *** ***").doesNotContain(jwt);
        }
    }

    @Test
    void mcpServerHeaderValuesAreSecretsAndSoIsTheCredentialAfterItsScheme(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path dir) {
        EngineSettings settings = SettingsLoader.load(new io.secai.engine.EngineOptions(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), dir, Map.of(), Map.of(
                        "mcp.servers.tickets.url", "https://tickets.example/mcp",
                        "mcp.servers.tickets.headers.Authorization", "Basic dGlja2V0czpzM2NyZXQ=",
                        "mcp.servers.tickets.headers.X-Api-Key", "tix-key-1b2c3d4e5f",
                        "mcp.servers.tickets.description", "open tickets")), List.of());
        SecretRedactor redactor = SecretRedactor.of(settings);

        String logged = redactor.redact("POST https://tickets.example/mcp with X-Api-Key: tix-key-1b2c3d4e5f and "
                + "credentials dGlja2V0czpzM2NyZXQ= (" + URLEncoder.encode("tix-key-1b2c3d4e5f",
                StandardCharsets.UTF_8) + ") for open tickets");

        assertThat(logged).doesNotContain("tix-key-1b2c3d4e5f").doesNotContain("dGlja2V0czpzM2NyZXQ")
                .contains("https://tickets.example/mcp").contains("for open tickets");
    }

    @Test
    void apiSkillKeysUnderSkillsApiAreSecretsInEveryEncoding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        EngineSettings settings = SettingsLoader.load(new io.secai.engine.EngineOptions(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), dir, Map.of(), Map.of(
                        "skills.api.intel.key", "intel-k3y-9a8b7c6d5e",
                        "skills.api.tickets.token", "Bearer tok-5f4e3d2c1b")), List.of());
        SecretRedactor redactor = SecretRedactor.of(settings);

        String logged = redactor.redact("X-Api-Key: intel-k3y-9a8b7c6d5e ("
                + java.util.Base64.getEncoder().encodeToString("intel-k3y-9a8b7c6d5e".getBytes(StandardCharsets.UTF_8))
                + ") and tok-5f4e3d2c1b for www.example.com");

        assertThat(logged).doesNotContain("intel-k3y-9a8b7c6d5e").doesNotContain("tok-5f4e3d2c1b")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                        "intel-k3y-9a8b7c6d5e".getBytes(StandardCharsets.UTF_8)))
                .contains("for www.example.com");
    }

    @Test
    void mcpStdioServerEnvironmentValuesAreSecretsInEveryEncodingButShortSettingsAreNot(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String token = "ghp_Env+T0ken/with~variety=42";
        String other = "vault pass \"quoted\" / ü";
        EngineSettings settings = SettingsLoader.load(new io.secai.engine.EngineOptions(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), dir, Map.of(), Map.of(
                        "mcp.servers.github.command", "[\"github-mcp\"]",
                        "mcp.servers.github.env.GITHUB_TOKEN", token,
                        "mcp.servers.github.env.DEBUG", "1",
                        "mcp.servers.github.env.LOG_LEVEL", "info",
                        // A server may be called env: its own env section is still found, its other keys are not.
                        "mcp.servers.env.command", "[\"env-mcp\"]",
                        "mcp.servers.env.env.VAULT_PASSWORD", other,
                        "mcp.servers.env.description", "secrets vault reader")), List.of());
        SecretRedactor redactor = SecretRedactor.of(settings);

        for (String secret : List.of(token, other)) {
            for (Map.Entry<String, String> form : SecretEncodings.of(secret).entrySet()) {
                String text = "started with " + form.getValue() + " at level info, DEBUG=1";

                assertThat(redactor.redact(text)).as(form.getKey())
                        .startsWith("started with ").endsWith(" at level info, DEBUG=1")
                        .satisfies(masked -> assertThat(SecretEncodings.leaks(masked, List.of(token, other)))
                                .isEmpty());
            }
        }
        assertThat(redactor.redact("the secrets vault reader, 1 call")).isEqualTo("the secrets vault reader, 1 call");
    }

    @Test
    void anApiKeyBoundToHostsIsASecretButItsHostsAreNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path conf = dir.resolve("application.conf");
        java.nio.file.Files.writeString(conf, """
                skills.api.virustotal { value = "vt-K3y-9f8e7d6c5b4a", hosts = ["www.virustotal.com"] }
                """);
        EngineSettings settings = SettingsLoader.load(new io.secai.engine.EngineOptions(java.util.Optional.of(conf),
                java.util.Optional.empty(), java.util.Optional.empty(), dir, Map.of(), Map.of()), List.of());
        SecretRedactor redactor = SecretRedactor.of(settings);

        assertThat(redactor.redact("GET https://www.virustotal.com/api with vt-K3y-9f8e7d6c5b4a"))
                .isEqualTo("GET https://www.virustotal.com/api with ***");
        assertThat(redactor.redact("[www.virustotal.com]")).isEqualTo("[www.virustotal.com]");
    }
}
