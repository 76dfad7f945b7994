package io.secai.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.secai.engine.Engine;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookException;
import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.web.events.Runs;
import io.secai.web.events.SessionBusyException;
import io.secai.web.security.RequestGuard;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The promptbooks under {@code /api/promptbooks}: which there are, and running one in a session step by step, with
 * the same events as a typed prompt. The library is read on each request, so a promptbook saved from the shell
 * shows without a restart.
 */
public final class PromptbookRoutes {

    private static final String BODY_SHAPE =
            "Send a JSON body such as {\"name\": \"incident-investigation\", \"inputs\": {\"IncidentNumber\": \"4113\"}}.";

    private final Engine engine;
    private final Runs runs;
    private final ObjectMapper json;

    /**
     * @param engine the engine, for its settings and sessions
     * @param runs where runs are started and kept
     * @param json reads request bodies
     */
    public PromptbookRoutes(Engine engine, Runs runs, ObjectMapper json) {
        this.engine = engine;
        this.runs = runs;
        this.json = json;
    }

    /** {@code GET /api/promptbooks}: name, description, tags and inputs of each. @param ctx the request */
    public void list(Context ctx) {
        ctx.json(PromptbookLibrary.load(engine.settings()).all().stream().map(PromptbookRoutes::view).toList());
    }

    /**
     * {@code POST /api/sessions/{id}/promptbooks} with {@code {"name": "...", "inputs": {"Name": "value"}}}: starts
     * the promptbook in the session and answers at once with the run, as a prompt does. Wrong inputs start nothing
     * and get a 400 that names them.
     *
     * @param ctx the request
     */
    public void run(Context ctx) {
        String owner = RequestGuard.principal(ctx).owner();
        String sessionId = ctx.pathParam("id");
        Optional<Request> request = requestOf(ctx);
        if (request.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", BODY_SHAPE));
            return;
        }
        if (engine.sessions().find(owner, sessionId).isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "No such session."));
            return;
        }
        Optional<Promptbook> promptbook = PromptbookLibrary.load(engine.settings()).find(request.get().name());
        if (promptbook.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "No promptbook is named '"
                    + request.get().name() + "'."));
            return;
        }
        try {
            // Checked here, not only in the run, so that the form hears what is wrong as an error it can show.
            promptbook.get().fill(request.get().inputs());
        } catch (PromptbookException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
            return;
        }
        try {
            Runs.Run run = runs.startPromptbook(owner, sessionId, promptbook.get(), request.get().inputs());
            ctx.status(HttpStatus.ACCEPTED).json(new ApiRoutes.RunView(run.id(), sessionId,
                    "/api/runs/" + run.id() + "/events"));
        } catch (SessionBusyException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }

    private Optional<Request> requestOf(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject() || !body.path("name").isTextual()) {
                return Optional.empty();
            }
            JsonNode given = body.path("inputs");
            if (!given.isMissingNode() && !given.isObject()) {
                return Optional.empty();
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isTextual()) {
                    return Optional.empty();
                }
                // An empty field of the form means "not given", so that an input's default applies.
                if (!field.getValue().asText().isEmpty()) {
                    inputs.put(field.getKey(), field.getValue().asText());
                }
            }
            return Optional.of(new Request(body.get("name").asText(), inputs));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static PromptbookView view(Promptbook promptbook) {
        return new PromptbookView(promptbook.name(), promptbook.description(), promptbook.tags(),
                promptbook.inputs().stream().map(input -> new InputView(input.name(), input.description(),
                        input.required(), input.defaultValue().orElse(null))).toList(),
                promptbook.prompts().size());
    }

    private record Request(String name, Map<String, String> inputs) { }

    /**
     * A promptbook as the picker shows it.
     *
     * @param name how it is run
     * @param description what it investigates
     * @param tags words to find it by
     * @param inputs the values it asks for
     * @param steps how many prompts it runs
     */
    public record PromptbookView(String name, String description, List<String> tags, List<InputView> inputs,
                                 int steps) { }

    /**
     * One input field.
     *
     * @param name the input's name
     * @param description what to give
     * @param required whether a value must be given
     * @param defaultValue used when none is given, or null
     */
    public record InputView(String name, String description, boolean required, String defaultValue) { }
}
