package io.secai.web.events;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.secai.web.security.RequestGuard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/runs/{id}/events}: a run's events as Server-Sent Events. Replays what happened so far (after
 * {@code Last-Event-ID} when the browser reconnects), then streams until the {@code outcome} message, then closes.
 * The page authenticates by its cookie, since {@code EventSource} cannot set headers.
 */
public final class EventStream implements Handler {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Runs runs;

    /** @param runs the runs to stream */
    public EventStream(Runs runs) {
        this.runs = runs;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String owner = RequestGuard.principal(ctx).owner();
        Optional<Runs.Run> run = runs.find(owner, ctx.pathParam("id"));
        if (run.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "No such run."));
            return;
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE)
                    .json(Map.of("error", "This is an event stream; send 'Accept: text/event-stream'."));
            return;
        }
        long lastSeen = lastEventId(ctx.header("Last-Event-ID"));
        RunLog log = run.get().log();
        new SseHandler(client -> stream(client, log, lastSeen)).handle(ctx);
    }

    private static void stream(SseClient client, RunLog log, long lastSeen) {
        long last = lastSeen;
        try {
            while (!client.terminated()) {
                RunLog.Batch batch = log.after(last, HEARTBEAT);
                if (batch.messages().isEmpty()) {
                    if (batch.complete()) {
                        return;
                    }
                    client.sendComment("keep-alive");
                    continue;
                }
                for (RunLog.Message message : batch.messages()) {
                    client.sendEvent(message.name(), message.json(), Long.toString(message.id()));
                    last = message.id();
                }
                if (batch.complete()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            // We only ever send numeric ids; a garbled one replays the run from the start, which is always safe.
            return -1;
        }
    }
}
