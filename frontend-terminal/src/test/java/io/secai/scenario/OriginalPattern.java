package io.secai.scenario;

/**
 * The Python original's cost on the scenario, as the scenario's README reports it (its own code run against the
 * same data): per prompt, 4 model calls for a Sentinel prompt (plan, table choice, KQL, formatting), 5 for a fetch
 * prompt (plan, URL extraction, answer, two formatting calls) and 3 for a GPT prompt (the executive summary, the ARM
 * template).
 */
final class OriginalPattern {

    /** The original's model calls for the 8 prompts. */
    static final int TOTAL_CALLS = 32;
    /** The original's prompt tokens for the 8 prompts. */
    static final int TOTAL_PROMPT_TOKENS = 73_624;
    /** The original's model calls for the extended schema of the 32 tables, on first start. */
    static final int SCHEMA_CALLS = 32;
    /** The original's prompt tokens for that extended schema. */
    static final int SCHEMA_PROMPT_TOKENS = 63_267;

    private OriginalPattern() {
    }

    /**
     * @param prompt a scenario prompt
     * @return the original's model calls for it
     */
    static int calls(ScenarioData.Prompt prompt) {
        if (prompt.asksSentinel()) {
            return 4;
        }
        return prompt.readsPage() ? 5 : 3;
    }

    /**
     * @param prompt a scenario prompt
     * @return how the original spends those calls
     */
    static String steps(ScenarioData.Prompt prompt) {
        if (prompt.asksSentinel()) {
            return "plan, table choice, KQL, formatting";
        }
        return prompt.readsPage() ? "plan, URL extraction, answer, 2 formatting" : "plan, answer, formatting";
    }
}
