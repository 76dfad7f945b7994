package io.secai.engine.session;

import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.TaskResult;
import io.secai.engine.PromptOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a session keeps of a turn's tables: the first rows and the row count, so that a query that returned ten
 * thousand rows does not make every later save of the session write megabytes. The frontends get the whole table
 * while the prompt's outcome is in hand, and {@link SessionRegistry#transcript} gives the latest cut turn whole while
 * the process runs (to export it); the session file, later prompts' context and later processes hold the preview.
 */
final class StoredPreview {

    private StoredPreview() {
    }

    /**
     * @param turn a turn as it ended
     * @param maxRows rows kept per table
     * @return the turn with its tables cut to {@code maxRows}, each cut one saying so in a warning
     */
    static SessionTranscript.Turn of(SessionTranscript.Turn turn, int maxRows) {
        PromptOutcome outcome = turn.outcome();
        List<TaskRecord> records = new ArrayList<>(outcome.tasks().size());
        boolean changed = false;
        for (TaskRecord record : outcome.tasks()) {
            TaskResult result = record.result();
            if (result.table().isPresent() && result.table().get().rows().size() > maxRows) {
                records.add(TaskRecord.of(record.task(), capped(result, result.table().get(), maxRows)));
                changed = true;
            } else {
                records.add(record);
            }
        }
        if (!changed) {
            return turn;
        }
        return new SessionTranscript.Turn(turn.prompt(), turn.at(), new PromptOutcome(outcome.status(),
                outcome.message(), outcome.plan(), records, outcome.usage(), outcome.elapsed()));
    }

    private static TaskResult capped(TaskResult result, ResultTable table, int maxRows) {
        ResultTable preview = ResultTable.of(table.columns(), table.rows().subList(0, maxRows),
                Math.max(table.totalRows(), table.rows().size()), true);
        return result.toBuilder().table(preview).warning(String.format(Locale.ROOT, "The session file keeps the"
                + " first %,d of the %,d rows (session.stored-rows); export the session before SecAI ends to keep"
                + " them all.", maxRows, table.rows().size())).build();
    }
}
