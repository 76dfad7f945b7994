/**
 * Planning: {@link io.secai.engine.planner.LlmPlanner} turns a prompt into a validated
 * {@link io.secai.engine.planner.Plan} of tasks for the loaded plugins.
 */
package io.secai.engine.planner;
