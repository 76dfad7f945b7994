package io.secai.engine.session;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.TokenUsage;
import io.secai.api.UntrustedText;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running summary of the turns that left a session's context window. When a turn leaves the window it is
 * folded into the summary with one call on the {@code summary} role's model (a cheap one, {@code llm.roles.summary}),
 * which gets the previous summary and the leaving turns (their prompts, and each result's digest and capped text).
 * The summary is kept per session, so each turn is folded once, and later prompts see it in place of those turns.
 *
 * <p>The summary is model output and the turns it is made from are untrusted: it reaches later prompts fenced like
 * any earlier result.
 */
public final class RollingSummary {

    /** The purpose of the summarising call, which routes it to the {@code summary} role. */
    public static final String PURPOSE = "summary";
    /** The longest summary, in tokens. */
    static final int MAX_TOKENS = 400;

    private static final Logger LOG = LoggerFactory.getLogger(RollingSummary.class);

    private final ObservableLlmClient llm;
    private final ContextWindow window;
    private final Map<String, Folded> bySession = new ConcurrentHashMap<>();

    /**
     * What a session's summary covers.
     *
     * @param turns how many of the session's first turns it folds in
     * @param text the summary
     */
    record Folded(int turns, String text) {
    }

    /**
     * The summary for a prompt, and what making it cost.
     *
     * @param text the summary of the turns before the window; empty when every turn is still in the window
     * @param usage the tokens of the summarising call, {@link TokenUsage#NONE} when the kept summary sufficed
     */
    public record Result(Optional<String> text, TokenUsage usage) {
        static final Result NONE = new Result(Optional.empty(), TokenUsage.NONE);
    }

    /**
     * @param llm the model; calls go to the {@code summary} role
     * @param window the window whose leaving turns are summarised, and which caps their results
     */
    public RollingSummary(ObservableLlmClient llm, ContextWindow window) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.window = Objects.requireNonNull(window, "window");
    }

    /**
     * The summary of the turns before the window, folding in the turns that left it since the last call.
     *
     * @param sessionId the session
     * @param turns every turn of the session, oldest first
     * @param observer hears of waits for the model
     * @return the summary, empty when no turn has left the window
     */
    public Result summarise(String sessionId, List<SessionTranscript.Turn> turns, CallObserver observer) {
        int first = window.firstInWindow(turns.size());
        if (first == 0) {
            return Result.NONE;
        }
        Folded kept = bySession.get(sessionId);
        if (kept != null && kept.turns() == first) {
            return new Result(Optional.of(kept.text()), TokenUsage.NONE);
        }
        // A summary of more turns than there are (the session was cleared) is useless: start again.
        Folded base = kept != null && kept.turns() < first ? kept : new Folded(0, "");
        UntrustedText fence = UntrustedText.newFence();
        StringBuilder material = new StringBuilder();
        if (!base.text().isBlank()) {
            material.append("Summary so far (turns 1-").append(base.turns()).append("):\n").append(base.text())
                    .append("\n\n");
        }
        for (int index = base.turns(); index < first; index++) {
            SessionTranscript.Turn turn = turns.get(index);
            material.append("Turn ").append(index + 1).append(", user asked: ").append(turn.prompt()).append('\n');
            List<TaskRecord> tasks = turn.outcome().tasks();
            for (int task = 0; task < tasks.size(); task++) {
                String handle = ContextWindow.handle(index, task, tasks.size());
                TaskRecord record = tasks.get(task);
                material.append(ContextWindow.digested(handle, record).contextText()).append('\n')
                        .append("Result text:\n").append(window.capped(record).contextText()).append("\n\n");
            }
        }
        ChatRequest request = ChatRequest.of(PURPOSE, List.of(
                ChatMessage.system(SYSTEM + fence.instruction()),
                ChatMessage.user(fence.wrap("earlier turns", material.toString().strip()))))
                .withTemperature(0).withMaxTokens(MAX_TOKENS);
        ChatResponse response = llm.complete(request, observer);
        String text = response.content().strip();
        if (text.isEmpty()) {
            return kept == null ? new Result(Optional.empty(), response.usage())
                    : new Result(Optional.of(kept.text()), response.usage());
        }
        bySession.put(sessionId, new Folded(first, text));
        LOG.debug("Session {}: turns 1-{} summarised as: {}", sessionId, first, text);
        return new Result(Optional.of(text), response.usage());
    }

    /**
     * Forgets a session's summary (the session was deleted or cleared).
     *
     * @param sessionId the session
     */
    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }

    private static final String SYSTEM = """
            You keep the running summary of an analyst's session with SecAI, a security operations assistant. \
            Fold the earlier turns below into one short summary (at most 150 words, plain sentences or a short \
            list) that a later step can rely on: what was asked, what each result showed, and every identifier \
            a follow-up may need verbatim (incident numbers, alert ids, user names, IP addresses, host names, \
            rule names, queries' tables). Name each result by its handle ([r1]). State only what the material \
            says.
            """;
}
