package io.secai.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.secai.engine.Engine;
import io.secai.engine.session.SessionInfo;
import io.secai.web.events.Runs;
import io.secai.web.events.SessionBusyException;
import io.secai.web.render.Views;
import io.secai.web.security.RequestGuard;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api/}: sessions, prompts, runs and plugins. Every handler acts for the request's
 * owner and sees nothing of anyone else's.
 */
public final class ApiRoutes {

    private final Engine engine;
    private final Runs runs;
    private final Views views;
    private final ObjectMapper json;

    /**
     * @param engine the engine
     * @param runs the prompts started here
     * @param views builds the JSON shapes
     * @param json reads request bodies
     */
    public ApiRoutes(Engine engine, Runs runs, Views views, ObjectMapper json) {
        this.engine = engine;
        this.runs = runs;
        this.views = views;
        this.json = json;
    }

    /** {@code GET /api/sessions}: the owner's sessions, most recent first. @param ctx the request */
    public void listSessions(Context ctx) {
        ctx.json(engine.sessions().list(owner(ctx)).stream().map(Views::session).toList());
    }

    /** {@code POST /api/sessions}: a new, empty session. @param ctx the request */
    public void createSession(Context ctx) {
        SessionInfo created = engine.sessions().create(owner(ctx));
        ctx.status(HttpStatus.CREATED).json(Views.session(created));
    }

    /** {@code GET /api/sessions/{id}}: the session with every turn. @param ctx the request */
    public void transcript(Context ctx) {
        engine.sessions().transcript(owner(ctx), ctx.pathParam("id"))
                .ifPresentOrElse(transcript -> ctx.json(views.transcript(transcript)), () -> noSession(ctx));
    }

    /** {@code DELETE /api/sessions/{id}}. @param ctx the request */
    public void deleteSession(Context ctx) {
        if (engine.sessions().delete(owner(ctx), ctx.pathParam("id"))) {
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            noSession(ctx);
        }
    }

    /** {@code POST /api/sessions/{id}/clear}: forgets the turns, keeps the session. @param ctx the request */
    public void clearSession(Context ctx) {
        if (engine.sessions().clear(owner(ctx), ctx.pathParam("id"))) {
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            noSession(ctx);
        }
    }

    /**
     * {@code POST /api/sessions/{id}/prompts} with {@code {"prompt": "..."}}: starts the prompt and answers at once
     * with the run id and where to read its events. Empty or oversized prompts still start a run, whose outcome
     * says why the engine refused it.
     *
     * @param ctx the request
     */
    public void submitPrompt(Context ctx) {
        String owner = owner(ctx);
        String sessionId = ctx.pathParam("id");
        Optional<String> prompt = promptOf(ctx);
        if (prompt.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "Send a JSON body such as {\"prompt\": \"...\"}."));
            return;
        }
        if (engine.sessions().find(owner, sessionId).isEmpty()) {
            noSession(ctx);
            return;
        }
        try {
            Runs.Run run = runs.start(owner, sessionId, prompt.get());
            ctx.status(HttpStatus.ACCEPTED).json(new RunView(run.id(), sessionId, "/api/runs/" + run.id() + "/events"));
        } catch (SessionBusyException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }

    /** {@code POST /api/runs/{id}/cancel}. @param ctx the request */
    public void cancelRun(Context ctx) {
        runs.find(owner(ctx), ctx.pathParam("id")).ifPresentOrElse(run -> {
            run.cancel();
            ctx.status(HttpStatus.ACCEPTED).json(Map.of("cancelling", !run.log().finished()));
        }, () -> ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "No such run.")));
    }

    /**
     * {@code GET /api/sessions/{id}/privacy}: whether the session's prompts go to the model anonymized.
     *
     * @param ctx the request
     */
    public void privacy(Context ctx) {
        String sessionId = ctx.pathParam("id");
        if (engine.sessions().find(owner(ctx), sessionId).isEmpty()) {
            noSession(ctx);
            return;
        }
        ctx.json(Map.of("anonymize", engine.privacy().enabled(sessionId)));
    }

    /**
     * {@code POST /api/sessions/{id}/privacy} with {@code {"anonymize": true}}: switches anonymization for the
     * session's next prompts; answers with the state now.
     *
     * @param ctx the request
     */
    public void setPrivacy(Context ctx) {
        String sessionId = ctx.pathParam("id");
        if (engine.sessions().find(owner(ctx), sessionId).isEmpty()) {
            noSession(ctx);
            return;
        }
        Optional<Boolean> on;
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            on = body != null && body.path("anonymize").isBoolean() ? Optional.of(body.get("anonymize").asBoolean())
                    : Optional.empty();
        } catch (IOException e) {
            on = Optional.empty();
        }
        if (on.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "Send a JSON body such as {\"anonymize\": true}."));
            return;
        }
        ctx.json(Map.of("anonymize", engine.privacy().enable(sessionId, on.get())));
    }

    /** {@code GET /api/plugins}: every plugin found, loaded or failed. @param ctx the request */
    public void plugins(Context ctx) {
        ctx.json(engine.plugins().stream().map(Views::plugin).toList());
    }

    /** {@code GET /api/notices}: what the engine wants the user to know about its start. @param ctx the request */
    public void notices(Context ctx) {
        ctx.json(engine.notices());
    }

    private Optional<String> promptOf(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject() || !body.path("prompt").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(body.get("prompt").asText());
        } catch (IOException e) {
            // A body that is not JSON is the same mistake as JSON without a prompt: both get the 400 with the shape.
            return Optional.empty();
        }
    }

    private static String owner(Context ctx) {
        return RequestGuard.principal(ctx).owner();
    }

    private static void noSession(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "No such session."));
    }

    /**
     * A started prompt.
     *
     * @param runId the run, for its events and for cancelling
     * @param sessionId the session it runs in
     * @param eventsUrl where its Server-Sent Events are
     */
    public record RunView(String runId, String sessionId, String eventsUrl) { }
}
