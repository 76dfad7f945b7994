package io.secai.kql.examples;

import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;

import java.util.List;
import java.util.Set;

/**
 * Chooses the library examples that go into a KQL prompt, and lets the library vote on the table shortlist. One
 * implementation for every plugin with an example library (Sentinel's and Defender XDR's), so that both rank and
 * pick the same way; {@link ExampleEvidence} reports what it did.
 */
@FunctionalInterface
public interface ExamplePicker {
    /** No library configured. */
    ExamplePicker NONE = (question, schema, tables) -> List.of();

    /**
     * @param question the task
     * @param schema the workspace's tables
     * @param tables the shortlisted tables, best first
     * @return the examples to show, best first
     */
    List<KqlExample> pick(String question, WorkspaceSchema schema, List<String> tables);

    /**
     * The tables for the prompt. Without a library, the shortlist's own ranking.
     *
     * @param question the task
     * @param schema the workspace's tables
     * @param shortlist the shortlist over them
     * @param limit how many tables at most
     * @return the tables, best first, and the votes that moved them (none without a library)
     */
    default ExampleVotes.Ranking tables(String question, WorkspaceSchema schema, TableShortlist shortlist,
                                        int limit) {
        return new ExampleVotes.Ranking(shortlist.rank(question, limit), List.of());
    }

    /**
     * A picker for one task. It lists the library's folders once, on first use, and keeps the index for the schema
     * it was given: a task that ranks tables and then picks examples lists them once, not twice. Make a new picker
     * for each task, so that an edited library is seen.
     *
     * @param library the configured library
     * @param count how many examples at most in the prompt
     * @return a picker over it (whose nearest examples vote on the shortlist even when {@code count} is zero), or
     *     {@link #NONE} when no folder is configured
     */
    static ExamplePicker of(ExampleLibrary library, int count) {
        if (!library.isConfigured()) {
            return NONE;
        }
        return new ExamplePicker() {
            private WorkspaceSchema indexedFor;
            private ExampleIndex index;

            private synchronized ExampleIndex index(WorkspaceSchema schema) {
                if (index == null || !indexedFor.equals(schema)) {
                    index = library.index(schema);
                    indexedFor = schema;
                }
                return index;
            }

            @Override
            public List<KqlExample> pick(String question, WorkspaceSchema schema, List<String> tables) {
                if (count <= 0) {
                    return List.of();
                }
                return index(schema).pick(question, count, tables, Set.of()).stream()
                        .map(ExampleIndex.Pick::example).toList();
            }

            @Override
            public ExampleVotes.Ranking tables(String question, WorkspaceSchema schema, TableShortlist shortlist,
                                               int limit) {
                return ExampleVotes.defaults(index(schema)).rank(shortlist, question, limit);
            }
        };
    }
}
