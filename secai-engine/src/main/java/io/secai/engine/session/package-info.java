/**
 * Sessions: many independent conversations per engine, each a list of turns with their full results, kept in a
 * {@link io.secai.engine.session.SessionStore} (a JSON file per session by default, so a session resumes after a
 * restart), and the {@link io.secai.engine.session.ContextWindow} that decides how much of a session a task sees.
 */
package io.secai.engine.session;
