package io.secai.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * {@code /mcp} of the web server: the MCP SDK's own Streamable HTTP client against the real engine and plugins,
 * behind the same access token and Host/Origin checks as the API.
 */
class McpHttpTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\","
            + "\"version\":\"1\"}}}";

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private static WebServer server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        fixture = RealEngineFixture.start(work, "An answer.", "Suspicious sign-in", "ADVISORY-MARKER Patch the VPN.");
        server = fixture.server();
        client = client(server.token());
        client.initialize();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        fixture.close();
    }

    private static McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(server.url().replaceAll("/$", ""))
                .endpoint("/mcp")
                .jsonMapper(McpJsonDefaults.getMapper())
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void listsTheToolsAndCallsEachOverStreamableHttp() {
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder("kql_tables", "kql_check", "kql_run", "fetch_page", "ask");

        McpSchema.CallToolResult tables = call("kql_tables", Map.of("question", "security incidents", "top", 1));
        assertThat(tables.isError()).as(text(tables)).isFalse();
        assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) tables.structuredContent()).get("tables")).get(0))
                .get("name")).isEqualTo("SecurityIncident");

        McpSchema.CallToolResult rows = call("kql_run", Map.of("query", "SecurityIncident | take 2"));
        assertThat(rows.isError()).as(text(rows)).isFalse();
        assertThat(((Map<?, ?>) rows.structuredContent()).get("rowCount")).isEqualTo(2);
        assertThat(((Map<?, ?>) rows.structuredContent()).get("truncated")).isEqualTo(false);

        McpSchema.CallToolResult page = call("fetch_page", Map.of("url", RealEngineFixture.ADVISORY_URL));
        assertThat(page.isError()).as(text(page)).isFalse();
        assertThat(String.valueOf(((Map<?, ?>) page.structuredContent()).get("markdown"))).contains("Patch the VPN");

        McpSchema.CallToolResult answer = call("ask", Map.of("prompt", "what should I patch first?"));
        assertThat(answer.isError()).as(text(answer)).isFalse();
        assertThat(((Map<?, ?>) answer.structuredContent()).get("status")).isEqualTo("succeeded");
    }

    @Test
    void aDropIsRefusedByKqlCheckAndKqlRunAndNothingRuns() {
        int before = fixture.logAnalytics().queries().size();
        for (String tool : List.of("kql_check", "kql_run")) {
            McpSchema.CallToolResult refused = call(tool, Map.of("query", ".drop table SecurityIncident"));
            assertThat(refused.isError()).as(tool).isTrue();
            assertThat(((Map<?, ?>) refused.structuredContent()).get("passed")).isEqualTo(false);
            assertThat(text(refused)).contains("Refused by SecAI's read-only guard");
        }
        assertThat(fixture.logAnalytics().queries()).hasSize(before);
    }

    @Test
    void noTokenOrAWrongTokenIs401() throws Exception {
        assertThat(post(null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("Bearer not-the-token", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThatThrownBy(() -> client("not-the-token").initialize()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aForeignOriginOrHostIsRefusedEvenWithTheToken() throws Exception {
        String bearer = "Bearer " + server.token();
        assertThat(post(bearer, "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(rawStatus(bearer, "evil.example:" + server.port())).isEqualTo(421);
        assertThat(post(bearer, null).statusCode()).isEqualTo(200);
    }

    @Test
    void secaiAsAnMcpClientReachesThisEndpointOverHttpWithTheHeadersFromItsSettings() throws Exception {
        String url = server.url() + "mcp";
        Path conf = work.resolve("client.conf");
        java.nio.file.Files.writeString(conf, String.join("\n",
                "secai.data-dir = \"" + work.resolve("client-data") + "\"",
                "openai.endpoint = \"" + fixture.openAi().endpoint() + "\"",
                "openai.api-key = \"test-key\"",
                "openai.deployment = \"gpt-test\"",
                "mcp.servers.web { url = \"" + url + "\", allow-tools = [\"kql_check\"],",
                "  headers { Authorization = \"Bearer " + server.token() + "\" } }",
                "mcp.servers.denied { url = \"" + url + "\", allow-tools = [\"kql_check\"], startup-timeout = 15s,",
                "  headers { Authorization = \"Bearer not-the-token\" } }",
                ""));
        try (io.secai.engine.Engine client = io.secai.engine.Engines.start(io.secai.engine.EngineOptions.fromProcess()
                .withEnvironment(Map.of()).withWorkingDirectory(work).withConfigFile(conf).withAuth("none")
                .withPluginsDir(work.resolve("no-plugins")))) {
            io.secai.engine.PluginStatus web = client.plugins().stream().filter(p -> p.name().equals("mcp-web"))
                    .findFirst().orElseThrow();
            assertThat(web.loaded()).as(web.reason().orElse("")).isTrue();
            assertThat(web.capabilities()).extracting(c -> c.name()).containsExactly("kql_check");
            io.secai.engine.PluginStatus denied = client.plugins().stream()
                    .filter(p -> p.name().equals("mcp-denied")).findFirst().orElseThrow();
            assertThat(denied.loaded()).isFalse();
            assertThat(denied.reason().orElseThrow()).contains("did not start or answer").doesNotContain("not-the-token");
        }
    }

    /** The JDK client will not send a Host header of our choosing: speak HTTP/1.1 over a plain socket. */
    private static int rawStatus(String authorization, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            byte[] body = INITIALIZE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static HttpResponse<String> post(String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        result.content().forEach(c -> {
            if (c instanceof McpSchema.TextContent t) {
                text.append(t.text());
            }
        });
        return text.toString();
    }
}
