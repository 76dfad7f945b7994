package io.secai.plugin.kql.eval;

import io.secai.api.ResultTable;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.schema.WorkspaceSchema;

/** What an evaluation needs of the plugin: its real KQL task, the workspace's schema, and a way to run gold KQL. */
public interface KqlPipeline {
    /**
     * Runs one question through the plugin exactly as a prompt's KQL task would.
     *
     * @param question the question
     * @param context receives progress and artifacts; gives the model and the Azure identity
     * @return the task's result
     */
    TaskResult ask(String question, TaskContext context);

    /** @return the configured workspace's tables and columns */
    WorkspaceSchema schema();

    /**
     * Runs a reference query as written (after the guard) on the workspace.
     *
     * @param kql the gold query
     * @return its rows
     */
    ResultTable runGold(String kql);
}
