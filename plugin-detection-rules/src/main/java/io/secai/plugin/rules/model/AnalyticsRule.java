package io.secai.plugin.rules.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Microsoft Sentinel scheduled analytics rule as data, with the property names of the ARM resource.
 *
 * <p>Values are kept as written (durations, severity and the trigger operator as text), not interpreted: a rule read
 * from a file or from the model may be wrong, and the validator must be able to say what is wrong and where.
 *
 * @param id the rule's GUID (the ARM resource name and the YAML {@code id})
 * @param displayName the name shown in Sentinel
 * @param description what the rule detects
 * @param severity Informational, Low, Medium or High
 * @param enabled whether the rule runs once deployed
 * @param query the KQL the rule runs
 * @param queryFrequency how often it runs, an ISO 8601 duration
 * @param queryPeriod how far back each run looks, an ISO 8601 duration
 * @param triggerOperator GreaterThan, LessThan, Equal or NotEqual
 * @param triggerThreshold the result count compared with the operator
 * @param suppression whether and how long alerts are held back after one fires
 * @param tactics ATT&CK tactics as Sentinel spells them (InitialAccess, CredentialAccess, ...)
 * @param techniques ATT&CK techniques (T1078, T1078.004)
 * @param entityMappings the query's columns that name entities
 * @param customDetails alert fields surfaced from query columns: key to column
 * @param eventGrouping how results become alerts
 */
public record AnalyticsRule(
        String id,
        String displayName,
        String description,
        String severity,
        boolean enabled,
        String query,
        String queryFrequency,
        String queryPeriod,
        String triggerOperator,
        long triggerThreshold,
        Suppression suppression,
        List<String> tactics,
        List<String> techniques,
        List<EntityMapping> entityMappings,
        Map<String, String> customDetails,
        EventGrouping eventGrouping) {

    public AnalyticsRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(queryFrequency, "queryFrequency");
        Objects.requireNonNull(queryPeriod, "queryPeriod");
        Objects.requireNonNull(triggerOperator, "triggerOperator");
        Objects.requireNonNull(suppression, "suppression");
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        entityMappings = List.copyOf(entityMappings);
        customDetails = Map.copyOf(customDetails);
        Objects.requireNonNull(eventGrouping, "eventGrouping");
    }

    /** @param value the new query @return a copy running that query */
    public AnalyticsRule withQuery(String value) {
        return new AnalyticsRule(id, displayName, description, severity, enabled, value, queryFrequency, queryPeriod,
                triggerOperator, triggerThreshold, suppression, tactics, techniques, entityMappings, customDetails,
                eventGrouping);
    }

    /** @param value the new id @return a copy with that id */
    public AnalyticsRule withId(String value) {
        return new AnalyticsRule(value, displayName, description, severity, enabled, query, queryFrequency,
                queryPeriod, triggerOperator, triggerThreshold, suppression, tactics, techniques, entityMappings,
                customDetails, eventGrouping);
    }
}
