package io.secai.plugin.rules.model;

import io.secai.plugin.rules.validate.RuleProblem;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule read from a document, with what could not be read. When a value is missing or of the wrong type, the rule
 * holds an empty value in its place and {@link #problems} says so.
 *
 * @param rule the rule; empty when the document holds none at all
 * @param problems what was missing or unreadable, with paths relative to the rule's properties
 */
public record RuleReading(Optional<AnalyticsRule> rule, List<RuleProblem> problems) {
    public RuleReading {
        Objects.requireNonNull(rule, "rule");
        problems = List.copyOf(problems);
    }
}
