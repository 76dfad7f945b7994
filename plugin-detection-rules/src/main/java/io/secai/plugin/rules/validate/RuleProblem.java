package io.secai.plugin.rules.validate;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One reason a rule cannot be deployed as it is.
 *
 * @param kind what sort of problem, for counting and for the repair prompt
 * @param path where, relative to the rule's properties: {@code queryPeriod},
 *     {@code entityMappings[1].fieldMappings[0].identifier}
 * @param reason what is wrong and what would be right, in words the user and the model understand
 */
public record RuleProblem(Kind kind, String path, String reason) {

    /** Sorts of problems. */
    public enum Kind {
        /** A required value is missing or has the wrong JSON type. */
        MISSING,
        /** The file is not an ARM template or detection YAML SecAI can read. */
        STRUCTURE,
        /** Identity: id, display name, description. */
        IDENTITY,
        /** Severity not one of Sentinel's four. */
        SEVERITY,
        /** A duration is not ISO 8601. */
        DURATION_FORMAT,
        /** A duration is outside Sentinel's limits. */
        DURATION_RANGE,
        /** The query period is shorter than the frequency. */
        PERIOD_BELOW_FREQUENCY,
        /** The trigger operator or threshold. */
        TRIGGER,
        /** A tactic Sentinel does not know. */
        TACTIC,
        /** A technique that is not written T1234 or T1234.001, or that ATT&CK does not have. */
        TECHNIQUE,
        /** A technique none of whose tactics is listed. */
        TECHNIQUE_TACTIC,
        /** An entity type, identifier, or the number of mappings or identifiers. */
        ENTITY_MAPPING,
        /** A mapped or detailed column the query does not return. */
        COLUMN_NOT_IN_OUTPUT,
        /** Custom details: key form or count. */
        CUSTOM_DETAILS,
        /** Event grouping. */
        EVENT_GROUPING,
        /** The KQL guard refused the query. */
        QUERY_GUARD,
        /** The query names a table or column the workspace does not have. */
        QUERY_SCHEMA
    }

    public RuleProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The problem's JSON path in a document that holds the rule's properties under {@code prefix}, with top-level
     * property names as that document spells them.
     *
     * @param prefix the path of the properties object ({@code $} or {@code $.resources[0].properties})
     * @param rename maps a property name of the rule to the document's name ({@code displayName} to {@code name}
     *     in detection YAML)
     * @return the path, for example {@code $.resources[0].properties.queryPeriod}
     */
    public String jsonPath(String prefix, UnaryOperator<String> rename) {
        if (path.isEmpty()) {
            return prefix;
        }
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return prefix + "." + rename.apply(path.substring(0, end)) + path.substring(end);
    }

    /** @return the path under {@code $} with the rule's own names */
    public String jsonPath() {
        return jsonPath("$", UnaryOperator.identity());
    }
}
