package io.secai.plugin.rules.export;

import io.secai.plugin.rules.model.RuleReading;
import io.secai.plugin.rules.validate.RuleProblem;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A rule read from a file, and where it is.
 *
 * @param resourcePath the JSON path of what holds the rule (the ARM resource, the YAML document)
 * @param propertiesPath the JSON path of the rule's properties
 * @param rename maps the rule's property names to the file's ({@code displayName} is {@code name} in YAML)
 * @param resourceProblems problems of the holder itself, paths relative to {@code resourcePath}
 * @param reading the rule and what could not be read, paths relative to {@code propertiesPath}
 */
public record LocatedRule(String resourcePath, String propertiesPath, UnaryOperator<String> rename,
                          List<RuleProblem> resourceProblems, RuleReading reading) {
    public LocatedRule {
        resourceProblems = List.copyOf(resourceProblems);
    }
}
