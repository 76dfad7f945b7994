/**
 * Running prompts: {@link io.secai.engine.execution.PromptRunner} checks a prompt, plans it, runs its tasks in order
 * with task-scoped clients, and records the turn and the audit line, reporting progress as it goes.
 */
package io.secai.engine.execution;
