package io.secai.plugin.kql.query;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ServiceException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's failures read without a server: statuses, error bodies, retry headers, transport errors. */
class ServiceErrorsTest {
    private static final String WORKSPACE = "11111111-2222-3333-4444-555555555555";

    private final ServiceErrors errors = new ServiceErrors(WORKSPACE, new ObjectMapper());

    @Test
    void eachStatusBecomesTheFailureAUserCanActOn() {
        ServiceException rejected = errors.failure(400, "SemanticError: 'Foo' is not a table");
        assertThat(rejected).isInstanceOf(QueryRejectedException.class);
        assertThat(((QueryRejectedException) rejected).serviceText()).isEqualTo("SemanticError: 'Foo' is not a table");

        assertThat(errors.failure(403, "Forbidden")).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
            assertThat(failure.getMessage()).contains("HTTP 403", "can read workspace " + WORKSPACE);
        });
        assertThat(errors.failure(404, "NotFound").getMessage())
                .contains("workspace " + WORKSPACE + " was not found", "azure.workspace-id");
        assertThat(errors.failure(429, "busy").kind()).isEqualTo(ServiceException.Kind.THROTTLED);
        assertThat(errors.failure(504, "ignored")).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(ServiceException.Kind.TIMEOUT);
            assertThat(failure.getMessage()).contains("Narrow the time range");
        });
        assertThat(errors.failure(502, "bad gateway").kind()).isEqualTo(ServiceException.Kind.FAILED);
        assertThat(errors.failure(409, "conflict")).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(ServiceException.Kind.REJECTED);
            assertThat(failure.getMessage()).endsWith("the service answered HTTP 409: conflict");
        });
    }

    @Test
    void onlyThrottlingAndFailingServicesAreWorthAnotherTry() {
        assertThat(java.util.List.of(429, 500, 502, 503)).allMatch(ServiceErrors::retryable);
        assertThat(java.util.List.of(400, 401, 403, 404, 501, 504)).noneMatch(ServiceErrors::retryable);
    }

    @Test
    void errorTextFollowsTheInnerErrorChainAndCutsABodyThatIsNotJson() {
        assertThat(errors.errorText(400, """
                {"error": {"code": "BadArgumentError", "message": "The request had some invalid properties",
                  "innererror": {"code": "SyntaxError", "message": "A recognition error occurred.",
                    "innererror": {"message": "Query could not be parsed at '|'"}}}}"""))
                .isEqualTo("BadArgumentError: The request had some invalid properties"
                        + " / SyntaxError: A recognition error occurred. / Query could not be parsed at '|'");
        assertThat(errors.errorText(502, "<html>" + "x".repeat(1000))).hasSize(500).startsWith("<html>");
        assertThat(errors.errorText(503, "  ")).isEqualTo("HTTP 503");
        assertThat(errors.errorText(500, "{\"status\": \"down\"}")).isEqualTo("HTTP 500");
    }

    @Test
    void deepestMessageIsTheLastMessageDownThePartialErrorsDetails() {
        var error = new ObjectMapper().createObjectNode().put("code", "PartialError").put("message", "top");
        error.putArray("details").addObject().put("message", "detail")
                .putObject("innererror").put("code", "LimitsExceeded").put("message", "result set too large");
        assertThat(ServiceErrors.deepestMessage(error)).isEqualTo("result set too large");
        assertThat(ServiceErrors.deepestMessage(error.without("details"))).isEqualTo("top");
    }

    @Test
    void retryAfterPrefersMillisecondsAndSkipsWhatIsNotANumber() {
        assertThat(retryAfter(new HttpHeaders().set(HttpHeaderName.fromString("Retry-After"), "2")
                .set(HttpHeaderName.fromString("retry-after-ms"), "250"))).hasValue(Duration.ofMillis(250));
        assertThat(retryAfter(new HttpHeaders().set(HttpHeaderName.fromString("x-ms-retry-after-ms"), "-5")
                .set(HttpHeaderName.fromString("Retry-After"), "1.5"))).hasValue(Duration.ofMillis(1500));
        assertThat(retryAfter(new HttpHeaders().set(HttpHeaderName.fromString("Retry-After"),
                "Wed, 21 Oct 2026 07:28:00 GMT"))).isEmpty();
        assertThat(retryAfter(new HttpHeaders())).isEmpty();
    }

    private static java.util.Optional<Duration> retryAfter(HttpHeaders headers) {
        return ServiceErrors.retryAfter(headers::getValue);
    }

    @Test
    void aCancelIsToldApartFromANetworkFailureThatIsRetried() {
        assertThat(ServiceErrors.interrupted(new RuntimeException(new InterruptedIOException("aborted")))).isTrue();
        assertThat(ServiceErrors.interrupted(new IOException(new CancellationException()))).isTrue();
        assertThat(ServiceErrors.interrupted(new IOException(new SocketTimeoutException("read timed out"))))
                .isFalse();

        ServiceException unreachable = errors.unreachable(
                new IOException("wrapper", new java.net.ConnectException("Connection refused")));
        assertThat(unreachable.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
        assertThat(unreachable.getMessage()).endsWith("the workspace cannot be reached: Connection refused");
        assertThat(errors.unreachable(new IOException(new IllegalStateException())).getMessage())
                .endsWith("cannot be reached: IllegalStateException");
    }
}
