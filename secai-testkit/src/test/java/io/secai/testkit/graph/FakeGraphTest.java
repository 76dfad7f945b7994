package io.secai.testkit.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake's wire format, read with the JDK's HTTP client as any Graph caller would. */
class FakeGraphTest {
    private final ObjectMapper json = new ObjectMapper();
    private HttpClient http;
    private FakeGraph graph;

    @BeforeEach
    void start() {
        http = HttpClient.newBuilder().sslContext(TestTls.shared().clientContext()).build();
        graph = FakeGraph.start().pageSize(2);
        for (int i = 1; i <= 5; i++) {
            graph.incident(SecurityData.incident("10" + i, "Incident " + i, i % 2 == 0 ? "high" : "low", "active",
                    "2026-11-0" + i + "T00:00:00Z", null));
        }
        graph.alert(SecurityData.alert("a1", "105", "Alert", "high", "microsoftDefenderForEndpoint",
                "2026-11-05T00:00:00Z", List.of(SecurityData.userEvidence("megan@contoso.com"))));
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private HttpResponse<String> get(String url, boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token) {
            request.header("Authorization", "Bearer t");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void incidentsArePagedThroughNextLinksNewestFirstAndExpandTheirAlerts() throws Exception {
        String url = graph.baseUrl() + "/security/incidents?$top=50&$orderby=createdDateTime%20desc&$expand=alerts";
        List<String> ids = new java.util.ArrayList<>();
        int pages = 0;
        while (url != null) {
            JsonNode page = json.readTree(get(url, true).body());
            page.path("value").forEach(incident -> ids.add(incident.path("id").asText()));
            if (pages == 0) {
                assertThat(page.path("value").get(0).path("alerts").get(0).path("evidence").get(0)
                        .path("@odata.type").asText()).isEqualTo("#microsoft.graph.security.userEvidence");
            }
            url = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            pages++;
        }
        assertThat(ids).containsExactly("105", "104", "103", "102", "101");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersErrorsAndTokens() throws Exception {
        String filter = URLEncoder.encode("severity eq 'high' and createdDateTime ge 2026-11-03T00:00:00Z",
                StandardCharsets.UTF_8);
        JsonNode high = json.readTree(get(graph.baseUrl() + "/security/incidents?$filter=" + filter, true).body());
        assertThat(high.path("value").findValuesAsText("id")).containsExactly("104");

        HttpResponse<String> bad = get(graph.baseUrl() + "/security/incidents?$filter=severity%20has%20x", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("error").path("code").asText()).isEqualTo("BadRequest");
        assertThat(get(graph.baseUrl() + "/security/incidents", false).statusCode()).isEqualTo(401);

        graph.failNext("incidents", GraphReply.throttled(7));
        HttpResponse<String> throttled = get(graph.baseUrl() + "/security/incidents", true);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(get(graph.baseUrl() + "/security/incidents", true).statusCode()).isEqualTo(200);
    }

    @Test
    void runHuntingQueryAnswersSchemaAndResults() throws Exception {
        graph.huntingTable("DeviceInfo", List.of(Map.entry("Timestamp", "DateTime"), Map.entry("DeviceName",
                "String"), Map.entry("OSBuild", "Int64")), List.of(List.of("2026-11-01T00:00:00Z", "ws-1", 22631)));
        JsonNode rows = hunt("DeviceInfo | take 5");
        assertThat(rows.path("schema").get(2).path("type").asText()).isEqualTo("Int64");
        assertThat(rows.path("results").get(0).path("OSBuild").asLong()).isEqualTo(22631);
        JsonNode schema = hunt("DeviceInfo | getschema");
        assertThat(schema.path("results").findValuesAsText("ColumnType")).containsExactly("datetime", "string",
                "long");
        assertThat(hunt("Nope | take 1").path("error").path("message").asText())
                .contains("Failed to resolve table expression named 'Nope'");
        assertThat(graph.huntingQueries()).containsExactly("DeviceInfo | take 5", "DeviceInfo | getschema",
                "Nope | take 1");
    }

    private JsonNode hunt(String kql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + "/security/runHuntingQuery"))
                .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode().put("Query", kql).toString()))
                .build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
