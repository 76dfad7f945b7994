package io.secai.terminal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.tls.TestTls;

/**
 * {@code --auth default} (DefaultAzureCredential) in a child JVM, as {@code secai doctor} runs it: signed in by a VM's
 * managed identity (the instance metadata endpoint, served here by a local fake), and, when no managed identity
 * answers, by the Azure CLI (a stand-in {@code az} on the PATH). An error inside the chain, such as a pipeline
 * azure-core refuses to build, would stop it at the managed identity, before the Azure CLI.
 */
class DefaultSignInTest {
    @TempDir
    Path dir;

    private EngineFixture fixture;
    private final List<String> identityRequests = new CopyOnWriteArrayList<>();
    /** Azure's instance metadata service (IMDS), where a VM's managed identity gets its tokens. */
    private final LoopbackServer instanceMetadata = LoopbackServer.http("fake-instance-metadata").on("/",
            exchange -> {
                String metadata = exchange.getRequestHeaders().getFirst("Metadata");
                identityRequests.add(exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery()
                        + " metadata=" + metadata);
                long expiresOn = System.currentTimeMillis() / 1000 + 3600;
                // Without the Metadata header IMDS answers 400: azure-identity's probe reads that as "IMDS is here".
                String body = metadata == null ? "{\"error\":\"invalid_request\"}"
                        : "{\"access_token\":\"managed-identity-token\",\"expires_in\":\"3600\",\"expires_on\":\""
                        + expiresOn + "\",\"resource\":\"https://api.loganalytics.io\",\"token_type\":\"Bearer\"}";
                LoopbackServer.send(exchange, metadata == null ? 400 : 200, "application/json",
                        body.getBytes(StandardCharsets.UTF_8), Map.of());
            });

    @BeforeEach
    void setUp() throws Exception {
        fixture = new EngineFixture(dir);
    }

    @AfterEach
    void tearDown() {
        instanceMetadata.close();
        fixture.close();
    }

    @Test
    void theDefaultChainSignsInWithAManagedIdentity() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, fixture.applicationConf());
        SecAiProcess secai = new SecAiProcess(Files.createDirectories(dir.resolve("home")),
                Files.createDirectories(dir.resolve("work")))
                .jvmOptions(TestTls.shared().javaTrustOptions(dir.resolve("tls")))
                // azure-identity's documented way to move the IMDS endpoint (AKS pod identity).
                .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", instanceMetadata.url(""));

        SecAiProcess.Result doctor = secai.run("", "--config", config.toString(), "--plugins-dir",
                fixture.pluginsDir().toString(), "--auth", "default", "doctor");

        String signIn = doctor.stdout().lines().filter(line -> line.contains("sign-in (Log Analytics)"))
                .findFirst().orElseThrow(() -> new AssertionError(doctor.stdout() + doctor.stderr()));
        assertThat(signIn).as(doctor.stdout()).startsWith("PASS").contains("default");
        assertThat(identityRequests).anySatisfy(request -> assertThat(request)
                .contains("/identity/oauth2/token?").contains("resource=https", "metadata=true"));
        assertThat(doctor.stdout() + doctor.stderr()).doesNotContain("managed-identity-token");
    }

    @Test
    void whenNoManagedIdentityAnswersTheChainGoesOnToTheAzureCli() throws Exception {
        Path config = dir.resolve("application.conf");
        Files.writeString(config, fixture.applicationConf());
        // A stand-in for `az account get-access-token`, first on the PATH, that logs its arguments.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("az-calls.txt");
        long expiresOn = System.currentTimeMillis() / 1000 + 3600;
        Path az = bin.resolve("az");
        Files.writeString(az, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n"
                + "echo '{\"accessToken\": \"cli-token\", \"expiresOn\": \"2099-01-01 00:00:00.000000\", "
                + "\"expires_on\": " + expiresOn + ", \"tokenType\": \"Bearer\"}'\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SecAiProcess secai = new SecAiProcess(Files.createDirectories(dir.resolve("home")),
                Files.createDirectories(dir.resolve("work")))
                .jvmOptions(TestTls.shared().javaTrustOptions(dir.resolve("tls")))
                .env("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                // The instance metadata endpoint refuses connections: no managed identity on this machine.
                .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:" + closedPort);

        SecAiProcess.Result doctor = secai.run("", "--config", config.toString(), "--plugins-dir",
                fixture.pluginsDir().toString(), "--auth", "default", "doctor");

        String signIn = doctor.stdout().lines().filter(line -> line.contains("sign-in (Log Analytics)"))
                .findFirst().orElseThrow(() -> new AssertionError(doctor.stdout() + doctor.stderr()));
        assertThat(signIn).as(doctor.stdout()).startsWith("PASS").contains("default");
        assertThat(Files.readString(calls)).contains("account get-access-token");
        assertThat(doctor.stdout() + doctor.stderr()).doesNotContain("cli-token");
    }
}
