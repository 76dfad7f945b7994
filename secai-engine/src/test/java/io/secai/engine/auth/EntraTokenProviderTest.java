package io.secai.engine.auth;

import com.azure.core.credential.TokenCredential;
import io.secai.api.AccessToken;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.engine.EngineOptions;
import io.secai.engine.config.EngineSettings;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.config.SettingsLoader;
import io.secai.testkit.time.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntraTokenProviderTest {

    private static final Set<String> LOG_ANALYTICS = Set.of("https://api.loganalytics.io/.default");

    @TempDir
    Path dir;

    private EngineSettings settings(Map<String, String> overrides) {
        return SettingsLoader.load(new EngineOptions(Optional.empty(), Optional.empty(), Optional.empty(), dir,
                Map.of(), overrides), List.of());
    }

    @Test
    void authenticationOffSaysSoInsteadOfFailingTheCaller() {
        EngineSettings settings = settings(Map.of());
        EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of("none"), Map.of(),
                settings.redactor(), notice -> { });

        assertThat(tokens.method()).isEqualTo(AuthMethod.NONE);
        assertThat(tokens.unavailableReason()).get().asString().startsWith("Authentication is off (--auth none)");
        assertThatThrownBy(() -> tokens.token(LOG_ANALYTICS))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("Entra ID: Authentication is off (--auth none)");
                });
    }

    @Test
    void clientSecretAgainstAnUnreachableAuthorityFailsWithAReadableReasonAndNoSecret() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort();
        }
        String secret = "very-secret-client-value";
        EngineSettings settings = settings(Map.of(
                "azure.authority-host", "https://localhost:" + unusedPort + "/",
                "azure.instance-discovery", "false",
                "azure.auth-max-retries", "0",
                "azure.tenant-id", "00000000-0000-0000-0000-000000000001",
                "azure.client-id", "00000000-0000-0000-0000-000000000002",
                "azure.client-secret", secret));
        List<String> notices = new CopyOnWriteArrayList<>();
        EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of("client_secret"), Map.of(),
                settings.redactor(), notices::add);

        assertThat(tokens.unavailableReason()).isEmpty();
        assertThatThrownBy(() -> tokens.token(LOG_ANALYTICS))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("Entra ID: Azure sign-in failed (client_secret): cannot"
                            + " connect to https://localhost:" + unusedPort + "/ (ConnectException)");
                });
        assertThat(notices).singleElement().asString().startsWith("Azure sign-in failed (client_secret): ");
        assertThatThrownBy(() -> tokens.token(LOG_ANALYTICS)).isInstanceOf(ServiceException.class);
        assertThat(notices).as("the same failure is noticed once").hasSize(1);
    }

    @Test
    void clientSecretWithoutItsSettingsNamesThemAndWhereToSetThem() {
        EngineSettings settings = settings(Map.of("azure.tenant-id", "contoso.onmicrosoft.com"));

        EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of("client_secret"), Map.of(),
                settings.redactor(), notice -> { });

        assertThat(tokens.unavailableReason()).contains("Azure sign-in (client_secret) needs azure.client-id,"
                + " azure.client-secret: set them in application.conf, the environment or .env (AZURE_TENANT_ID,"
                + " AZURE_CLIENT_ID, AZURE_CLIENT_SECRET).");
        assertThatThrownBy(() -> tokens.token(LOG_ANALYTICS)).isInstanceOf(ServiceException.class)
                .hasMessageContaining("needs azure.client-id");
    }

    @Test
    void anAccessTokenObtainedElsewhereIsHandedOutAndNeverShown() {
        String bearer = "eyJ0eXAiOiJKV1QiLCJhbGciOi.example.signature";
        EngineSettings settings = settings(Map.of("azure.access-token", bearer));

        EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of("access_token"), Map.of(),
                settings.redactor(), notice -> { });

        assertThat(tokens.method()).isEqualTo(AuthMethod.ACCESS_TOKEN);
        assertThat(tokens.token(LOG_ANALYTICS).token()).isEqualTo(bearer);
        assertThat(tokens.token(LOG_ANALYTICS).toString()).doesNotContain(bearer);
        assertThat(settings.redactor().redact("Authorization: Bearer " + bearer)).doesNotContain(bearer);
    }

    @Test
    void anAccessTokenMethodWithoutATokenSaysWhichSettingIsMissing() {
        EngineSettings settings = settings(Map.of());

        EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of("access_token"), Map.of(),
                settings.redactor(), notice -> { });

        assertThat(tokens.unavailableReason())
                .contains("Azure sign-in (access_token) needs azure.access-token: set it in application.conf.");
    }

    @Test
    void methodFromTheCommandLineWinsAndUnknownNamesListTheValidOnes() {
        EngineSettings settings = settings(Map.of("azure.auth", "none"));

        assertThat(EntraTokenProvider.create(settings, Optional.of("Azure-CLI"), Map.of(), settings.redactor(),
                notice -> { }).method()).isEqualTo(AuthMethod.AZURE_CLI);
        assertThat(EntraTokenProvider.create(settings, Optional.empty(), Map.of(), settings.redactor(),
                notice -> { }).method()).isEqualTo(AuthMethod.NONE);
        assertThatThrownBy(() -> EntraTokenProvider.create(settings, Optional.of("kerberos"), Map.of(),
                settings.redactor(), notice -> { }))
                .isInstanceOf(SecAiException.class)
                .hasMessage("Unknown authentication method 'kerberos': use one of interactive, client_secret,"
                        + " default, device_code, azure_cli, access_token, none (--auth or azure.auth).");
    }

    @Test
    void everySignInMethodIsCreatedWithoutContactingEntraId() {
        EngineSettings settings = settings(Map.of());

        for (AuthMethod method : List.of(AuthMethod.INTERACTIVE, AuthMethod.DEVICE_CODE, AuthMethod.DEFAULT,
                AuthMethod.AZURE_CLI)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            EntraTokenProvider tokens = EntraTokenProvider.create(settings, Optional.of(method.configName()),
                    Map.of(), settings.redactor(), notices::add);

            assertThat(tokens.method()).isEqualTo(method);
            assertThat(tokens.unavailableReason()).as(method.configName()).isEmpty();
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void tokensAreCachedPerScopeUntilShortlyBeforeTheyExpire() {
        // The credential is azure-core's interface: a counting lambda stands in for Entra ID here, because the
        // behaviour under test is the cache, not the sign-in.
        AtomicInteger requests = new AtomicInteger();
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        TokenCredential credential = request -> Mono.just(new com.azure.core.credential.AccessToken(
                "token-" + requests.incrementAndGet(), OffsetDateTime.ofInstant(now.plusSeconds(3600),
                ZoneOffset.UTC)));
        MovableClock clock = new MovableClock(now);
        EntraTokenProvider tokens = new EntraTokenProvider(AuthMethod.DEFAULT, "Entra ID", Optional.of(credential),
                Optional.empty(), new SecretRedactor(List.of()), notice -> { }, clock);

        AccessToken first = tokens.token(LOG_ANALYTICS);
        AccessToken again = tokens.token(LOG_ANALYTICS);
        AccessToken otherScope = tokens.token(Set.of("https://management.azure.com/.default"));
        clock.set(now.plusSeconds(3600 - 200));
        AccessToken refreshed = tokens.token(LOG_ANALYTICS);

        assertThat(first.token()).isEqualTo("token-1");
        assertThat(again).isSameAs(first);
        assertThat(otherScope.token()).isEqualTo("token-2");
        assertThat(refreshed.token()).isEqualTo("token-3");
        assertThat(first.expiresAt()).isEqualTo(now.plusSeconds(3600));
    }

    @Test
    void describePrefersTheEntraErrorCodeOverWrapperMessages() {
        RuntimeException error = new RuntimeException("java.util.concurrent.ExecutionException: boom",
                new IllegalStateException("AADSTS7000215: Invalid client secret provided.\nTrace ID: 1234"));

        assertThat(EntraTokenProvider.describe(error, "Entra ID"))
                .isEqualTo("AADSTS7000215: Invalid client secret provided.");
    }

    @Test
    void describeDropsClassNamePrefixesAndKeepsDistinctMessages() {
        RuntimeException error = new RuntimeException(
                "com.microsoft.aad.msal4j.MsalClientException: java.io.IOException: token endpoint said no",
                new IllegalArgumentException("tenant 'x y' is not valid"));

        assertThat(EntraTokenProvider.describe(error, "Entra ID"))
                .isEqualTo("token endpoint said no: tenant 'x y' is not valid");
    }
}
