package io.secai.testkit.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class FakeEntraIdTest {

    private final HttpClient client = HttpClient.newBuilder().sslContext(TestTls.shared().clientContext()).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void issuesABearerTokenForTheClientCredentialsGrantAndRecordsItsScope() throws Exception {
        try (FakeEntraId entra = FakeEntraId.start()) {
            HttpResponse<String> response = post(entra.authorityHost() + "my-tenant/oauth2/v2.0/token",
                    "grant_type=client_credentials&client_id=app&client_secret=s3cret"
                            + "&scope=https%3A%2F%2Fapi.loganalytics.io%2F.default");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode token = json.readTree(response.body());
            assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(token.path("access_token").asText()).isNotBlank();
            assertThat(token.path("expires_in").asInt()).isPositive();
            assertThat(entra.scopes()).containsExactly("https://api.loganalytics.io/.default");
        }
    }

    @Test
    void refusesOtherGrantsAndPathsWithEntraIdsErrorShape() throws Exception {
        try (FakeEntraId entra = FakeEntraId.start()) {
            HttpResponse<String> wrongGrant = post(entra.authorityHost() + "my-tenant/oauth2/v2.0/token",
                    "grant_type=password&username=a&password=b");
            HttpResponse<String> wrongPath = post(entra.authorityHost() + "my-tenant/v2.0/.well-known/x",
                    "grant_type=client_credentials");

            assertThat(wrongGrant.statusCode()).isEqualTo(400);
            assertThat(json.readTree(wrongGrant.body()).path("error").asText()).isEqualTo("invalid_request");
            assertThat(wrongPath.statusCode()).isEqualTo(400);
            assertThat(entra.scopes()).isEmpty();
        }
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
