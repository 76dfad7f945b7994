/**
 * Running prompts: {@link io.secai.engine.execution.PromptRunner} checks a prompt, plans it, runs its tasks in order
 * with task-scoped clients, and records the turn and the audit line, reporting progress as it goes. Each prompt is a
 * {@code PromptExecution} on a worker thread, within a {@code PromptDeadline}, kept on record by {@code RunRecords}.
 */
package io.secai.engine.execution;
