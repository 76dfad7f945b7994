package io.secai.plugin.rules.validate;

import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.EntityMapping;
import io.secai.plugin.rules.model.RuleReading;
import io.secai.plugin.rules.validate.RuleProblem.Kind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a scheduled analytics rule against what Sentinel accepts when it is deployed, and says for every failure
 * what is wrong and where. Immutable; safe to share between threads.
 */
public final class RuleValidator {
    /** Trigger operators as the ARM resource spells them. */
    public static final List<String> TRIGGER_OPERATORS = List.of("GreaterThan", "LessThan", "Equal", "NotEqual");
    /** Severities Sentinel knows. */
    public static final List<String> SEVERITIES = List.of("Informational", "Low", "Medium", "High");
    /** Ways results become alerts. */
    public static final List<String> AGGREGATION_KINDS = List.of("SingleAlert", "AlertPerResult");
    static final long MAX_THRESHOLD = 10_000;
    static final int MAX_DISPLAY_NAME = 256;
    static final int MAX_DESCRIPTION = 5_000;
    static final int MAX_QUERY = 10_000;
    static final int MAX_CUSTOM_DETAILS = 20;
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,19}");

    private final AttackMatrix attack;
    private final QueryInspector inspector;

    /**
     * @param attack the ATT&CK technique-to-tactic map
     * @param inspector the guard's and the schema's view of a query
     */
    public RuleValidator(AttackMatrix attack, QueryInspector inspector) {
        this.attack = attack;
        this.inspector = inspector;
    }

    /**
     * @param rule the rule
     * @return every problem found, in the order of the rule's properties; empty when the rule can be deployed
     */
    public List<RuleProblem> validate(AnalyticsRule rule) {
        List<RuleProblem> problems = new ArrayList<>();
        identity(rule, problems);
        QueryInspector.QueryView view = query(rule.query(), problems);
        schedule(rule, problems);
        trigger(rule, problems);
        attack(rule, problems);
        entities(rule, view.outputColumns(), problems);
        customDetails(rule, view.outputColumns(), problems);
        if (!AGGREGATION_KINDS.contains(rule.eventGrouping().aggregationKind())) {
            problems.add(new RuleProblem(Kind.EVENT_GROUPING, "eventGroupingSettings.aggregationKind",
                    "'" + rule.eventGrouping().aggregationKind() + "' is not an aggregation kind; use one of "
                            + AGGREGATION_KINDS));
        }
        return List.copyOf(problems);
    }

    /**
     * @param reading a rule read from a document or a model answer
     * @return what could not be read, then what validation finds, a missing value reported once
     */
    public List<RuleProblem> validate(RuleReading reading) {
        List<RuleProblem> problems = new ArrayList<>(reading.problems());
        Set<String> unreadable = new HashSet<>();
        reading.problems().forEach(problem -> unreadable.add(problem.path()));
        reading.rule().map(this::validate).orElse(List.of()).stream()
                .filter(problem -> !unreadable.contains(problem.path()))
                .forEach(problems::add);
        return List.copyOf(problems);
    }

    private static void identity(AnalyticsRule rule, List<RuleProblem> problems) {
        if (!GUID.matcher(rule.id()).matches()) {
            problems.add(new RuleProblem(Kind.IDENTITY, "id", "'" + rule.id() + "' is not a GUID; the rule's id "
                    + "must be one, such as 3d1a6f0e-77b4-4b3f-9a55-8d2f41b0c6aa"));
        }
        if (rule.displayName().isBlank()) {
            problems.add(new RuleProblem(Kind.IDENTITY, "displayName", "the display name is empty"));
        } else if (rule.displayName().length() > MAX_DISPLAY_NAME) {
            problems.add(new RuleProblem(Kind.IDENTITY, "displayName", "the display name has "
                    + rule.displayName().length() + " characters; Sentinel allows " + MAX_DISPLAY_NAME));
        }
        if (rule.description().length() > MAX_DESCRIPTION) {
            problems.add(new RuleProblem(Kind.IDENTITY, "description", "the description has "
                    + rule.description().length() + " characters; Sentinel allows " + MAX_DESCRIPTION));
        }
        if (!SEVERITIES.contains(rule.severity())) {
            problems.add(new RuleProblem(Kind.SEVERITY, "severity", "'" + rule.severity()
                    + "' is not a severity; use one of " + SEVERITIES));
        }
    }

    private QueryInspector.QueryView query(String kql, List<RuleProblem> problems) {
        if (kql.isBlank()) {
            problems.add(new RuleProblem(Kind.MISSING, "query", "the query is empty"));
            return new QueryInspector.QueryView(List.of(), List.of(), Optional.empty());
        }
        if (kql.length() > MAX_QUERY) {
            problems.add(new RuleProblem(Kind.QUERY_GUARD, "query", "the query has " + kql.length()
                    + " characters; Sentinel allows " + MAX_QUERY));
        }
        QueryInspector.QueryView view = inspector.inspect(kql);
        view.guardFlags().forEach(flag -> problems.add(new RuleProblem(Kind.QUERY_GUARD, "query",
                "the KQL guard refuses the query: " + flag)));
        view.schemaFlags().forEach(flag -> problems.add(new RuleProblem(Kind.QUERY_SCHEMA, "query",
                "the workspace schema check fails: " + flag)));
        return view;
    }

    private static void schedule(AnalyticsRule rule, List<RuleProblem> problems) {
        Optional<Duration> frequency = duration(rule.queryFrequency(), "queryFrequency", Durations.MIN_QUERY,
                Durations.MAX_QUERY, problems);
        Optional<Duration> period = duration(rule.queryPeriod(), "queryPeriod", Durations.MIN_QUERY,
                Durations.MAX_QUERY, problems);
        if (frequency.isPresent() && period.isPresent() && period.get().compareTo(frequency.get()) < 0) {
            problems.add(new RuleProblem(Kind.PERIOD_BELOW_FREQUENCY, "queryPeriod", "the query period "
                    + rule.queryPeriod() + " (" + Durations.words(period.get()) + ") is shorter than the frequency "
                    + rule.queryFrequency() + " (" + Durations.words(frequency.get()) + "), so events between runs "
                    + "would never be seen; make the period at least the frequency"));
        }
        duration(rule.suppression().duration(), "suppressionDuration", Durations.MIN_SUPPRESSION,
                Durations.MAX_SUPPRESSION, problems);
    }

    private static Optional<Duration> duration(String text, String path, Duration min, Duration max,
                                               List<RuleProblem> problems) {
        Optional<Duration> value = Durations.parse(text);
        if (value.isEmpty()) {
            problems.add(new RuleProblem(Kind.DURATION_FORMAT, path, "'" + text + "' is not an ISO 8601 "
                    + "duration; write it as PT5M, PT1H or P1D"));
        } else if (value.get().compareTo(min) < 0 || value.get().compareTo(max) > 0) {
            problems.add(new RuleProblem(Kind.DURATION_RANGE, path, text + " (" + Durations.words(value.get())
                    + ") is outside Sentinel's limits of " + Durations.words(min) + " to " + Durations.words(max)));
            return Optional.empty();
        }
        return value;
    }

    private static void trigger(AnalyticsRule rule, List<RuleProblem> problems) {
        if (!TRIGGER_OPERATORS.contains(rule.triggerOperator())) {
            problems.add(new RuleProblem(Kind.TRIGGER, "triggerOperator", "'" + rule.triggerOperator()
                    + "' is not a trigger operator; use one of " + TRIGGER_OPERATORS));
        }
        if (rule.triggerThreshold() < 0 || rule.triggerThreshold() > MAX_THRESHOLD) {
            problems.add(new RuleProblem(Kind.TRIGGER, "triggerThreshold", "the threshold "
                    + rule.triggerThreshold() + " is outside Sentinel's limits of 0 to " + MAX_THRESHOLD));
        } else if (rule.triggerOperator().equals("LessThan") && rule.triggerThreshold() == 0) {
            problems.add(new RuleProblem(Kind.TRIGGER, "triggerThreshold", "LessThan 0 can never be true: the "
                    + "rule would never fire; use GreaterThan 0 to alert on any result"));
        }
    }

    private void attack(AnalyticsRule rule, List<RuleProblem> problems) {
        Set<String> tactics = new HashSet<>();
        for (int i = 0; i < rule.tactics().size(); i++) {
            String tactic = rule.tactics().get(i);
            if (AttackMatrix.SENTINEL_TACTICS.contains(tactic)) {
                tactics.add(tactic);
            } else {
                problems.add(new RuleProblem(Kind.TACTIC, "tactics[" + i + "]", "'" + tactic + "' is not a tactic "
                        + "as Sentinel spells them" + spellingHint(tactic) + "; use one of "
                        + AttackMatrix.SENTINEL_TACTICS));
            }
        }
        for (int i = 0; i < rule.techniques().size(); i++) {
            String id = rule.techniques().get(i);
            String path = "techniques[" + i + "]";
            if (!AttackMatrix.wellFormed(id)) {
                problems.add(new RuleProblem(Kind.TECHNIQUE, path, "'" + id + "' is not a technique id; write "
                        + "T1234 or, for a sub-technique, T1234.001"));
                continue;
            }
            Optional<AttackMatrix.Technique> technique = attack.technique(id);
            if (technique.isEmpty()) {
                problems.add(new RuleProblem(Kind.TECHNIQUE, path, id + " is not an ATT&CK Enterprise technique"));
            } else if (technique.get().tactics().stream().noneMatch(tactics::contains)) {
                problems.add(new RuleProblem(Kind.TECHNIQUE_TACTIC, path, id + " (" + technique.get().name()
                        + ") belongs to " + String.join(", ", new java.util.TreeSet<>(technique.get().tactics()))
                        + ", none of which the rule lists; add one of those tactics or drop the technique"));
            }
        }
    }

    /** Sentinel's names have no spaces or dashes: "Credential Access" is CredentialAccess. */
    private static String spellingHint(String tactic) {
        String squeezed = tactic.replaceAll("[\\s_-]", "");
        return AttackMatrix.SENTINEL_TACTICS.stream().filter(name -> name.equalsIgnoreCase(squeezed)).findFirst()
                .map(name -> " (did you mean " + name + "?)").orElse("");
    }

    private static void entities(AnalyticsRule rule, Optional<Set<String>> output, List<RuleProblem> problems) {
        List<EntityMapping> mappings = rule.entityMappings();
        if (mappings.size() > EntityCatalog.MAX_MAPPINGS) {
            problems.add(new RuleProblem(Kind.ENTITY_MAPPING, "entityMappings", "the rule has " + mappings.size()
                    + " entity mappings; Sentinel allows " + EntityCatalog.MAX_MAPPINGS));
        }
        for (int i = 0; i < mappings.size(); i++) {
            EntityMapping mapping = mappings.get(i);
            String path = "entityMappings[" + i + "]";
            Optional<List<String>> identifiers = EntityCatalog.identifiers(mapping.entityType());
            if (identifiers.isEmpty()) {
                problems.add(new RuleProblem(Kind.ENTITY_MAPPING, path + ".entityType", "'" + mapping.entityType()
                        + "' is not a Sentinel entity type; use one of " + EntityCatalog.entityTypes()));
            }
            if (mapping.fieldMappings().isEmpty() || mapping.fieldMappings().size() > EntityCatalog.MAX_IDENTIFIERS) {
                problems.add(new RuleProblem(Kind.ENTITY_MAPPING, path + ".fieldMappings", "an entity mapping needs "
                        + "1 to " + EntityCatalog.MAX_IDENTIFIERS + " identifiers, not "
                        + mapping.fieldMappings().size()));
            }
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < mapping.fieldMappings().size(); j++) {
                EntityMapping.FieldMapping field = mapping.fieldMappings().get(j);
                String fieldPath = path + ".fieldMappings[" + j + "]";
                if (identifiers.isPresent() && !identifiers.get().contains(field.identifier())) {
                    problems.add(new RuleProblem(Kind.ENTITY_MAPPING, fieldPath + ".identifier", "'"
                            + field.identifier() + "' is not an identifier of " + mapping.entityType() + "; use one of "
                            + identifiers.get()));
                } else if (!seen.add(field.identifier())) {
                    problems.add(new RuleProblem(Kind.ENTITY_MAPPING, fieldPath + ".identifier", "identifier '"
                            + field.identifier() + "' is mapped twice in this entity"));
                }
                column(field.columnName(), fieldPath + ".columnName", output, problems);
            }
        }
    }

    private static void customDetails(AnalyticsRule rule, Optional<Set<String>> output, List<RuleProblem> problems) {
        Map<String, String> details = new TreeMap<>(rule.customDetails());
        if (details.size() > MAX_CUSTOM_DETAILS) {
            problems.add(new RuleProblem(Kind.CUSTOM_DETAILS, "customDetails", "the rule has " + details.size()
                    + " custom details; Sentinel allows " + MAX_CUSTOM_DETAILS));
        }
        details.forEach((key, column) -> {
            String path = "customDetails." + key;
            if (!DETAIL_KEY.matcher(key).matches()) {
                problems.add(new RuleProblem(Kind.CUSTOM_DETAILS, path, "the key '" + key + "' must start with a "
                        + "letter and hold only letters, digits and underscores, at most 20 characters"));
            }
            column(column, path, output, problems);
        });
    }

    private static void column(String column, String path, Optional<Set<String>> output,
                               List<RuleProblem> problems) {
        if (column.isBlank()) {
            problems.add(new RuleProblem(Kind.MISSING, path, "no column is named"));
        } else if (output.isPresent() && !output.get().contains(column)) {
            problems.add(new RuleProblem(Kind.COLUMN_NOT_IN_OUTPUT, path, "the query does not return a column '"
                    + column + "'; it returns " + new java.util.TreeSet<>(output.get())));
        }
    }
}
