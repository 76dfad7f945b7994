/**
 * The audit log: one JSON line per prompt with its plan, tasks, queries, URLs, token usage and outcome, with
 * secrets redacted.
 */
package io.secai.engine.audit;
