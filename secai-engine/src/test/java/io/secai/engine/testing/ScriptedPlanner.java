package io.secai.engine.testing;

import io.secai.api.Plugin;
import io.secai.api.SessionContext;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.planner.Plan;
import io.secai.engine.planner.Planner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A planner whose plans the test decides, so that executor tests do not depend on the model planner, which is
 * tested on its own against the fake model.
 */
public final class ScriptedPlanner implements Planner {

    private final Function<String, Plan> plans;
    private final List<SessionContext> contexts = new ArrayList<>();

    /** @param plans the plan for each prompt (it may throw, as a planner that cannot reach the model does) */
    public ScriptedPlanner(Function<String, Plan> plans) {
        this.plans = plans;
    }

    @Override
    public synchronized Plan plan(String prompt, SessionContext session, List<Plugin> plugins, CallObserver observer) {
        contexts.add(session);
        return plans.apply(prompt);
    }

    /** @return how often a plan was asked for */
    public synchronized int calls() {
        return contexts.size();
    }

    /** @return the session contexts the planner was given, in order */
    public synchronized List<SessionContext> contexts() {
        return List.copyOf(contexts);
    }
}
