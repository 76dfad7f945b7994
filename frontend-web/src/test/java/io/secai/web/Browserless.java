package io.secai.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Talks to a running {@link WebServer} the way the page or a script does: logs in with the token and keeps the
 * session cookie and CSRF token, or sends the token as a bearer header.
 */
final class Browserless {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private String cookie;
    private String browserId;
    private String csrf;
    private String bearer;

    Browserless(HttpClient http, String base) {
        this.http = http;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static Browserless anonymous(WebServer server) {
        return new Browserless(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), server.url());
    }

    static Browserless loggedIn(WebServer server) {
        return anonymous(server).logIn(server.token());
    }

    /** A browser that already holds a browser-id cookie (its own from an earlier login, or any value at all). */
    static Browserless withBrowserId(WebServer server, String browserId) {
        Browserless client = anonymous(server);
        client.browserId = browserId;
        return client;
    }

    /** Logs in with the token, keeping the browser-id cookie this client holds. */
    Browserless logIn(String token) {
        HttpResponse<String> response = login(token);
        if (response.statusCode() != 303 || cookie == null) {
            throw new IllegalStateException("login failed: " + response.statusCode());
        }
        csrf = json(get("/api/me")).path("csrfToken").asText();
        return this;
    }

    /** The same browser, its cookies and all, talking to another server (the restarted one). */
    Browserless reconnect(WebServer server) {
        Browserless same = anonymous(server);
        same.cookie = cookie;
        same.browserId = browserId;
        same.csrf = csrf;
        return same;
    }

    String browserId() {
        return browserId;
    }

    static Browserless withBearer(WebServer server, String token) {
        Browserless client = anonymous(server);
        client.bearer = token;
        return client;
    }

    HttpResponse<String> login(String token) {
        HttpResponse<String> response = send(withCookies(HttpRequest.newBuilder(uri("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
        setCookie(response, "secai_session").ifPresent(value -> cookie = value);
        setCookie(response, "secai_browser").ifPresent(value -> browserId = value);
        return response;
    }

    private static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(name + "="))
                .map(header -> header.substring(header.indexOf('=') + 1, header.indexOf(';')))
                .findFirst();
    }

    HttpResponse<String> get(String path) {
        return send(authorized(HttpRequest.newBuilder(uri(path))).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return postWith(path, body, csrf);
    }

    HttpResponse<String> postWith(String path, String body, String csrfToken) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return send(request);
    }

    HttpResponse<String> postWithOrigin(String path, String origin) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(path)))
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return send(request);
    }

    HttpResponse<String> delete(String path) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(path))).DELETE();
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return send(request);
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    String createSession() {
        HttpResponse<String> response = post("/api/sessions", "");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("session not created: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("id").asText();
    }

    /** Sends a prompt and reads its event stream to the end. */
    List<Event> ask(String sessionId, String prompt) {
        HttpResponse<String> started = post("/api/sessions/" + sessionId + "/prompts",
                JSON.createObjectNode().put("prompt", prompt).toString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("prompt not started: " + started.statusCode() + " " + started.body());
        }
        return events(json(started).path("eventsUrl").asText());
    }

    /** Reads a run's event stream from the start to its end. */
    List<Event> events(String path) {
        return readEvents(authorized(HttpRequest.newBuilder(uri(path))));
    }

    /** Reads a run's event stream as a reconnecting browser does, after the event it saw last. */
    List<Event> eventsAfter(String path, long lastEventId) {
        return readEvents(authorized(HttpRequest.newBuilder(uri(path))).header("Last-Event-ID",
                Long.toString(lastEventId)));
    }

    private List<Event> readEvents(HttpRequest.Builder request) {
        HttpResponse<String> stream = send(request.header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).GET());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("events refused: " + stream.statusCode() + " " + stream.body());
        }
        return parse(stream.body());
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    try {
                        events.add(new Event(name, JSON.readTree(data.toString())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return events;
    }

    record Event(String name, JsonNode data) { }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return withCookies(request);
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        List<String> cookies = new ArrayList<>();
        if (cookie != null) {
            cookies.add("secai_session=" + cookie);
        }
        if (browserId != null) {
            cookies.add("secai_browser=" + browserId);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies));
        }
        return request;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
