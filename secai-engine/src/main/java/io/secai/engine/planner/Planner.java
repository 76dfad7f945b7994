package io.secai.engine.planner;

import io.secai.api.Plugin;
import io.secai.api.SessionContext;
import io.secai.engine.llm.CallObserver;

import java.util.List;

/**
 * Splits a prompt into tasks for the loaded plugins.
 *
 * <p>One model call with JSON-schema output, built from each plugin's own description of its capabilities. The
 * answer is validated against the plugins; an invalid plan gets one repair call with the reason; after that the
 * whole prompt goes to the fallback plugin (GPT), as the original does. Never returns an empty plan.
 */
public interface Planner {

    /**
     * @param prompt what the user typed
     * @param session the session's context window
     * @param plugins the loaded plugins the plan may use
     * @param observer hears waits on the model
     * @return the plan
     * @throws io.secai.api.ServiceException when the model cannot be reached at all
     */
    Plan plan(String prompt, SessionContext session, List<Plugin> plugins, CallObserver observer);
}
