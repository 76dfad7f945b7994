package io.secai.plugin.rules.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.Artifact;
import io.secai.api.TaskResult;
import io.secai.plugin.rules.export.ArmTemplate;
import io.secai.plugin.rules.export.BicepTemplate;
import io.secai.plugin.rules.export.DetectionYaml;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.EntityMapping;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.Durations;
import io.secai.plugin.rules.validate.RuleProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A validated rule as a task result: a short summary and the ARM template as a JSON code block, and the template,
 * Bicep and detection YAML as artifacts that the frontends offer to copy, download or export. Later prompts see
 * the ARM template, so that "optimise the rule above" finds it.
 */
final class RulePresenter {
    /** Artifact labels; the web page names downloads after them. */
    static final String ARM_LABEL = "ARM template";
    static final String BICEP_LABEL = "Bicep";
    static final String YAML_LABEL = "Detection YAML";

    private final ObjectMapper json;
    private final AttackMatrix attack;

    RulePresenter(ObjectMapper json, AttackMatrix attack) {
        this.json = json;
        this.attack = attack;
    }

    TaskResult success(AnalyticsRule rule, List<RuleProblem> repaired, Optional<String> warning) {
        String arm = new ArmTemplate(json).write(rule);
        StringBuilder text = new StringBuilder();
        text.append("**").append(rule.displayName()).append("** — ").append(rule.severity())
                .append(" severity; runs every ").append(words(rule.queryFrequency())).append(" over the last ")
                .append(words(rule.queryPeriod())).append(", alerts when the result count is ")
                .append(rule.triggerOperator()).append(' ').append(rule.triggerThreshold()).append(".\n\n");
        if (!rule.tactics().isEmpty()) {
            text.append("- Tactics: ").append(String.join(", ", rule.tactics())).append('\n');
        }
        if (!rule.techniques().isEmpty()) {
            text.append("- Techniques: ").append(rule.techniques().stream().map(this::technique)
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (!rule.entityMappings().isEmpty()) {
            text.append("- Entities: ").append(rule.entityMappings().stream().map(RulePresenter::entity)
                    .collect(Collectors.joining("; "))).append('\n');
        }
        text.append("- Checked: durations, trigger, tactics and techniques, entity mappings against the query's "
                + "columns, and the query against the KQL guard.\n");
        if (!repaired.isEmpty()) {
            text.append("- The model's first draft had ").append(repaired.size()).append(repaired.size() == 1
                    ? " problem" : " problems").append(", fixed in one repair: ").append(repaired.stream()
                    .map(RuleProblem::jsonPath).distinct().collect(Collectors.joining(", "))).append('\n');
        }
        text.append("\nARM template (also as Bicep and detection YAML below):\n\n```json\n").append(arm)
                .append("\n```\n");
        TaskResult.Builder result = TaskResult.builder();
        warning.ifPresent(result::warning);
        return result
                .markdown(text.toString())
                .artifact(Artifact.query(rule.query()))
                .artifact(Artifact.of(Artifact.Kind.OTHER, ARM_LABEL, arm))
                .artifact(Artifact.of(Artifact.Kind.OTHER, BICEP_LABEL, new BicepTemplate(json).write(rule)))
                .artifact(Artifact.of(Artifact.Kind.OTHER, YAML_LABEL, new DetectionYaml(json).write(rule)))
                .contextText(contextText(rule, arm))
                .build();
    }

    /**
     * What later prompts see of the rule: its properties as compact JSON, which is all a follow-up (an optimised
     * query, a changed threshold) needs to rewrite it; the ARM wrapper around them (schema, parameters, resource
     * ids) is boilerplate this plugin writes again and costs later requests twice the tokens.
     */
    private String contextText(AnalyticsRule rule, String arm) {
        String properties;
        try {
            properties = new ObjectMapper().writeValueAsString(json.readTree(arm).path("resources").path(0)
                    .path("properties"));
        } catch (java.io.IOException e) {
            properties = arm;
        }
        return "Analytics rule \"" + rule.displayName() + "\", exported as an ARM template, Bicep and detection "
                + "YAML; its properties:\n" + properties;
    }

    static String failure(List<RuleProblem> problems) {
        List<String> lines = new ArrayList<>();
        lines.add("The model's rule still cannot be deployed after one repair. Problems, with their JSON paths:");
        lines.add("");
        problems.forEach(problem -> lines.add("- `" + problem.jsonPath() + "`: " + problem.reason()));
        return String.join("\n", lines);
    }

    private String technique(String id) {
        return attack.technique(id).map(t -> id + " (" + t.name() + ")").orElse(id);
    }

    private static String entity(EntityMapping mapping) {
        return mapping.entityType() + " (" + mapping.fieldMappings().stream()
                .map(field -> field.identifier() + " ← " + field.columnName()).collect(Collectors.joining(", "))
                + ")";
    }

    private static String words(String duration) {
        return Durations.parse(duration).map(Durations::words).orElse(duration);
    }
}
