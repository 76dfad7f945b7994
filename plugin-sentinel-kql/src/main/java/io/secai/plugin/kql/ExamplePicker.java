package io.secai.plugin.kql;

import io.secai.kql.examples.ExampleIndex;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.examples.KqlExample;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.List;
import java.util.Set;

/** Chooses the library examples that go into a KQL prompt. */
@FunctionalInterface
interface ExamplePicker {
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
     * @param library the configured library
     * @param count how many examples at most
     * @return a picker over it, or {@link #NONE} when no folder is configured or the count is zero
     */
    static ExamplePicker of(ExampleLibrary library, int count) {
        if (!library.isConfigured() || count <= 0) {
            return NONE;
        }
        return (question, schema, tables) -> library.index(schema).pick(question, count, tables, Set.of()).stream()
                .map(ExampleIndex.Pick::example).toList();
    }
}
