package io.secai.engine.session;

import io.secai.api.ResultTable;
import io.secai.api.SessionContext;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.UntrustedText;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Decides what of a session a task sees: the last {@code windowSize} turns, then fewer, oldest first, until the
 * rendered context fits the token budget.
 *
 * <p>A result enters the context through its {@link TaskRecord#contextText()}: the plugin's own context text, or
 * else one derived from its Markdown and table. Each is cut to {@code resultTokenCap} tokens, so a long table
 * cannot use up the budget by itself; the full result (table included) stays in the record for plugins that read
 * it directly.
 */
public final class ContextWindow {

    /** Only measures the text: the fence of a real request has a marker of the same length. */
    private static final UntrustedText BUDGET_FENCE = UntrustedText.newFence();


    /** A table is rendered up to this many characters per allowed token before it is cut to the token cap. */
    private static final int CHARACTERS_PER_TOKEN_BOUND = 16;

    private final int windowSize;
    private final int tokenBudget;
    private final int resultTokenCap;
    private final ToIntFunction<String> tokenCounter;

    /**
     * @param windowSize how many recent turns to keep
     * @param tokenBudget the most tokens the rendered context may take
     * @param resultTokenCap the most tokens one result may take
     * @param tokenCounter counts tokens as the model does (normally {@code LlmClient::countTokens})
     */
    public ContextWindow(int windowSize, int tokenBudget, int resultTokenCap, ToIntFunction<String> tokenCounter) {
        if (windowSize < 0 || tokenBudget < 1 || resultTokenCap < 1) {
            throw new IllegalArgumentException("window " + windowSize + ", budget " + tokenBudget + ", result cap "
                    + resultTokenCap);
        }
        this.windowSize = windowSize;
        this.tokenBudget = tokenBudget;
        this.resultTokenCap = resultTokenCap;
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /**
     * @param settings the session settings
     * @param tokenCounter counts tokens as the model does
     * @return the window those settings describe
     */
    public static ContextWindow of(SessionSettings settings, ToIntFunction<String> tokenCounter) {
        return new ContextWindow(settings.windowSize(), settings.tokenBudget(), settings.resultTokenCap(),
                tokenCounter);
    }

    /**
     * The context for a task (or for planning, with no earlier tasks), every result in the window in full.
     *
     * @param sessionId the session
     * @param turns every turn of the session, oldest first
     * @param earlierTasks the tasks of the current prompt that already ran, already {@link #capped} or not
     * @return the context and how many turns were left out
     */
    public Window build(String sessionId, List<SessionTranscript.Turn> turns, List<TaskRecord> earlierTasks) {
        return build(sessionId, turns, earlierTasks, Detail.ALL, Optional.empty());
    }

    /**
     * The context for a task or for planning: the rolling summary of the turns that left the window (if any), then
     * the turns of the window, each result in full or as its {@linkplain ResultDigest digest} as {@code detail}
     * says, then the current prompt's earlier tasks in full.
     *
     * @param sessionId the session
     * @param turns every turn of the session, oldest first
     * @param earlierTasks the tasks of the current prompt that already ran
     * @param detail which earlier results are shown in full
     * @param summary the summary of the turns before the window, when they were summarised
     * @return the context and how many turns were left out
     */
    public Window build(String sessionId, List<SessionTranscript.Turn> turns, List<TaskRecord> earlierTasks,
                        Detail detail, Optional<String> summary) {
        int first = firstInWindow(turns.size());
        List<SessionContext.Turn> window = new ArrayList<>();
        for (int index = first; index < turns.size(); index++) {
            SessionTranscript.Turn turn = turns.get(index);
            List<TaskRecord> tasks = turn.outcome().tasks();
            List<TaskRecord> records = new ArrayList<>();
            for (int task = 0; task < tasks.size(); task++) {
                String handle = handle(index, task, tasks.size());
                // With every result in full (digests off) there are no handles to name: the text is as before.
                records.add(detail.all() ? capped(tasks.get(task))
                        : detail.full(handle, turnHandle(index)) ? labelled(handle, capped(tasks.get(task)))
                        : TaskRecord.of(tasks.get(task).task(), tasks.get(task).result().toBuilder()
                                .contextText(ResultDigest.of(handle, tasks.get(task).result(), detail.brief(),
                                        index == turns.size() - 1))
                                .build()));
            }
            window.add(SessionContext.Turn.of(turn.prompt(), records, turn.at()));
        }
        List<TaskRecord> current = earlierTasks.stream().map(this::capped).toList();
        Optional<SessionContext.Turn> summaryTurn = summary.filter(text -> !text.isBlank() && first > 0)
                .map(text -> summaryTurn(text, first, turns.get(first - 1).at()));
        int droppedForBudget = 0;
        SessionContext context = context(sessionId, summaryTurn, window, current);
        while (!window.isEmpty() && tokenCounter.applyAsInt(context.asPromptText(BUDGET_FENCE)) > tokenBudget) {
            window.remove(0);
            droppedForBudget++;
            context = context(sessionId, summaryTurn, window, current);
        }
        return new Window(context, first, droppedForBudget);
    }

    /**
     * @param turnCount how many turns the session has
     * @return the index of the first turn inside the window; the turns before it are the ones to summarise
     */
    public int firstInWindow(int turnCount) {
        return Math.max(0, turnCount - windowSize);
    }

    /**
     * @param turnIndex a turn's position in its session, from 0
     * @return how prompts name the results of that turn ({@code r1} for the first)
     */
    public static String turnHandle(int turnIndex) {
        return "r" + (turnIndex + 1);
    }

    /**
     * @param turnIndex a turn's position in its session, from 0
     * @param taskIndex the task's position in the turn, from 0
     * @param taskCount how many tasks the turn ran
     * @return the handle of one result: the turn's handle, with the task's number when the turn ran several
     */
    public static String handle(int turnIndex, int taskIndex, int taskCount) {
        return taskCount == 1 ? turnHandle(turnIndex) : turnHandle(turnIndex) + "." + (taskIndex + 1);
    }

    /**
     * A record whose context text is the digest of its result; the full result stays in the record.
     *
     * @param handle the result's handle
     * @param record the task and its result
     * @return the record with the digest as its context text
     */
    public static TaskRecord digested(String handle, TaskRecord record) {
        TaskResult result = record.result();
        return TaskRecord.of(record.task(), result.toBuilder().contextText(ResultDigest.of(handle, result, false, true))
                .build());
    }

    private static TaskRecord labelled(String handle, TaskRecord record) {
        TaskResult result = record.result();
        return TaskRecord.of(record.task(), result.toBuilder()
                .contextText("[" + handle + "] in full:\n" + record.contextText()).build());
    }

    private static SessionContext.Turn summaryTurn(String summary, int folded, java.time.Instant at) {
        String prompt = "(summary of the session's first " + folded + (folded == 1 ? " turn" : " turns")
                + ", which left the context window)";
        return SessionContext.Turn.of(prompt, List.of(TaskRecord.of(Task.of("secai", "summary", prompt),
                TaskResult.builder().markdown(summary).build())), at);
    }

    private static SessionContext context(String sessionId, Optional<SessionContext.Turn> summary,
                                          List<SessionContext.Turn> window, List<TaskRecord> current) {
        if (summary.isEmpty()) {
            return SessionContext.of(sessionId, window, current);
        }
        List<SessionContext.Turn> all = new ArrayList<>(window.size() + 1);
        all.add(summary.get());
        all.addAll(window);
        return SessionContext.of(sessionId, all, current);
    }

    /**
     * Which earlier results a context shows in full; the others appear as digests.
     *
     * @param all every result in full (digests off)
     * @param handles the handles of the results shown in full ({@code r3}, or {@code r3.2} for one task of a turn
     *     that ran several)
     * @param brief whether the other results' digests leave out key values and queries
     */
    public record Detail(boolean all, Set<String> handles, boolean brief) {
        /** Every result in full, as before digests existed. */
        public static final Detail ALL = new Detail(true, Set.of(), false);
        /**
         * Every result as a brief digest (what it is, its columns and size; for the latest turn also its first
         * ids): what the planner sees, which only decides which results a task needs and fills its inputs.
         */
        public static final Detail DIGESTS = new Detail(false, Set.of(), true);

        public Detail {
            handles = Set.copyOf(handles);
        }

        /**
         * @param handles the results a task asked for in full
         * @return digests, with key values and queries, for the rest
         */
        public static Detail only(Set<String> handles) {
            return new Detail(false, handles, false);
        }

        boolean full(String handle, String turnHandle) {
            return all || handles.contains(handle) || handles.contains(turnHandle);
        }
    }

    /**
     * The record with its context text derived when the plugin gave none, and cut to the result cap.
     *
     * @param record a task and its full result
     * @return the same task and result, with a context text that fits
     */
    public TaskRecord capped(TaskRecord record) {
        TaskResult result = record.result();
        String text = result.contextText().orElseGet(() -> derivedText(result));
        String fitted = fit(text);
        if (result.contextText().isPresent() && fitted.equals(text)) {
            return record;
        }
        return TaskRecord.of(record.task(), result.toBuilder().contextText(fitted).build());
    }

    private String derivedText(TaskResult result) {
        if (result.table().isEmpty()) {
            return result.markdown();
        }
        StringBuilder text = new StringBuilder(result.markdown());
        ResultTable table = result.table().get();
        long characterBound = (long) resultTokenCap * CHARACTERS_PER_TOKEN_BOUND;
        text.append(text.length() == 0 ? "" : "\n\n").append("Table (").append(table.totalRows()).append(" rows")
                .append(table.truncated() ? ", cut by the source" : "").append("):\n");
        text.append(String.join(" | ", table.columns().stream().map(ResultTable.Column::name).toList()));
        int shown = 0;
        for (List<Object> row : table.rows()) {
            if (text.length() > characterBound) {
                break;
            }
            text.append('\n');
            for (int i = 0; i < row.size(); i++) {
                Object cell = row.get(i);
                text.append(i == 0 ? "" : " | ").append(cell == null ? "" : cell.toString().replace('\n', ' '));
            }
            shown++;
        }
        if (shown < table.rows().size()) {
            text.append("\n(").append(table.rows().size() - shown).append(" more rows not shown)");
        }
        return text.toString();
    }

    private String fit(String text) {
        int tokens = tokenCounter.applyAsInt(text);
        if (tokens <= resultTokenCap) {
            return text;
        }
        String marker = "\n[cut to fit the session context; the full result had " + tokens + " tokens]";
        if (tokenCounter.applyAsInt(marker) * 2 > resultTokenCap) {
            marker = "\n[cut]";
        }
        if (tokenCounter.applyAsInt(marker) >= resultTokenCap) {
            marker = "";
        }
        int allowed = Math.max(0, resultTokenCap - tokenCounter.applyAsInt(marker));
        int low = 0;
        int high = (int) Math.min(text.length(), (long) resultTokenCap * CHARACTERS_PER_TOKEN_BOUND);
        if (tokenCounter.applyAsInt(text.substring(0, high)) <= allowed) {
            low = high;
        }
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (tokenCounter.applyAsInt(text.substring(0, middle)) <= allowed) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        if (low > 0 && Character.isHighSurrogate(text.charAt(low - 1))) {
            low--;
        }
        return text.substring(0, low).stripTrailing() + marker;
    }

    /**
     * A task's view of its session.
     *
     * @param context what the task sees
     * @param droppedForSize older turns left out because of the window size
     * @param droppedForBudget turns inside the window left out to fit the token budget
     */
    public record Window(SessionContext context, int droppedForSize, int droppedForBudget) {
        public Window {
            Objects.requireNonNull(context, "context");
        }
    }
}
