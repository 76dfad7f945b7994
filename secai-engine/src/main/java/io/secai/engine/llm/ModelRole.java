package io.secai.engine.llm;

import java.util.Locale;

/**
 * What a model call is for, so that each can go to its own model ({@code llm.roles.<role>}): a cheap one may plan
 * and build the schema while a strong one writes KQL. The role follows from the request's purpose, which every
 * caller already sets, so plugins need no change to be routed.
 */
public enum ModelRole {
    /** Splitting a prompt into tasks (purpose {@code plan}). */
    PLANNER,
    /** Writing KQL (purpose {@code kql}). */
    KQL,
    /** Describing tables for the KQL writer (purposes {@code kql-schema}, {@code schema...}). */
    SCHEMA,
    /** Everything else: answers, summaries, page extraction. */
    ANSWER,
    /**
     * Folding the turns that left a session's context window into its running summary (purpose {@code summary});
     * unless {@code llm.roles.summary} says otherwise, the planner's model.
     */
    SUMMARY;

    /**
     * @param purpose a request's purpose
     * @return the role that serves it
     */
    public static ModelRole of(String purpose) {
        String value = purpose.toLowerCase(Locale.ROOT);
        if (value.equals("plan")) {
            return PLANNER;
        }
        if (value.equals("kql")) {
            return KQL;
        }
        if (value.equals("kql-schema") || value.startsWith("schema")) {
            return SCHEMA;
        }
        if (value.equals("summary")) {
            return SUMMARY;
        }
        return ANSWER;
    }

    /** @return the role's key under {@code llm.roles} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
