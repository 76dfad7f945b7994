package io.secai.kql.examples;

import io.secai.api.TaskContext;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A plugin's configured example library, and what reading it skipped. The folders are read on the first task that
 * uses them (not when the plugin starts), so a file or setting skipped for a reason is found then: the reason goes
 * to the log at once and into that task's progress, where the analyst sees why an example is missing.
 */
public final class ConfiguredLibrary {
    /** Notes shown in one task's progress; the rest are counted there (all are in the log). */
    private static final int NOTES_SHOWN = 5;

    private final ExampleLibrary library;
    private final int examples;
    private final Queue<String> notes = new ConcurrentLinkedQueue<>();

    /**
     * @param setting the setting naming the folders ({@code plugins.sentinel-kql.library}), for the notes
     * @param entries its values, as configured
     * @param examples how many examples a prompt shows (0: none)
     * @param log receives each note as it arises, for the plugin's log
     */
    public ConfiguredLibrary(String setting, List<String> entries, int examples, Consumer<String> log) {
        this.library = ExampleLibrary.fromSetting(setting, entries, note -> {
            log.accept(note);
            notes.add(note);
        });
        this.examples = Math.max(0, examples);
    }

    /** @return a library with no folders: tasks run as without one */
    public static ConfiguredLibrary none() {
        return new ConfiguredLibrary("", List.of(), 0, note -> { });
    }

    /** @return the library, for commands that read it */
    public ExampleLibrary library() {
        return library;
    }

    /**
     * The picker for one task. What was skipped before (a setting entry, or files a command read) goes into the
     * task's progress now; what its own reading of the folders skips, right after the call that read them.
     *
     * @param context the task's context
     * @return the picker, or {@link ExamplePicker#NONE} when no folder is configured
     */
    public ExamplePicker picker(TaskContext context) {
        report(context);
        ExamplePicker picker = ExamplePicker.of(library, examples);
        if (picker == ExamplePicker.NONE) {
            return picker;
        }
        return new ExamplePicker() {
            @Override
            public List<KqlExample> pick(String question, WorkspaceSchema schema, List<String> tables) {
                try {
                    return picker.pick(question, schema, tables);
                } finally {
                    report(context);
                }
            }

            @Override
            public ExampleVotes.Ranking tables(String question, WorkspaceSchema schema, TableShortlist shortlist,
                                               int limit) {
                try {
                    return picker.tables(question, schema, shortlist, limit);
                } finally {
                    report(context);
                }
            }
        };
    }

    private void report(TaskContext context) {
        int shown = 0;
        int more = 0;
        for (String note = notes.poll(); note != null; note = notes.poll()) {
            if (shown++ < NOTES_SHOWN) {
                context.progress("Example library: " + note);
            } else {
                more++;
            }
        }
        if (more > 0) {
            context.progress("Example library: " + more + " more notes (see the log)");
        }
    }
}
