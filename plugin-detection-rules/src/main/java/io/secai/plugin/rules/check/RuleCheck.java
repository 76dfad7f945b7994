package io.secai.plugin.rules.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.plugin.rules.export.ArmTemplate;
import io.secai.plugin.rules.export.BicepReader;
import io.secai.plugin.rules.export.DetectionYaml;
import io.secai.plugin.rules.export.LocatedRule;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an ARM template, a Bicep file or a detection YAML: reads every analytics rule in it, validates each, and
 * reports every problem at its JSON path in the file.
 */
public final class RuleCheck {
    private final ObjectMapper json;
    private final RuleValidator validator;

    /**
     * @param json the JSON mapper
     * @param validator the rules' validator
     */
    public RuleCheck(ObjectMapper json, RuleValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * @param text the file's content: JSON (an ARM template) when it starts with a brace, Bicep when it declares a
     *     {@code resource}, else detection YAML
     * @return every problem found; empty when every rule in the file can be deployed
     */
    public List<Finding> check(String text) {
        String trimmed = text.strip();
        List<LocatedRule> rules;
        try {
            if (trimmed.startsWith("{")) {
                JsonNode template = json.readTree(trimmed);
                rules = new ArmTemplate(json).read(template);
            } else if (BicepReader.looksLikeBicep(text)) {
                rules = new BicepReader(json).read(text);
            } else {
                rules = List.of(new DetectionYaml(json).read(text));
            }
        } catch (JsonProcessingException e) {
            String format = trimmed.startsWith("{") ? "JSON" : "YAML";
            return List.of(new Finding("$", RuleProblem.Kind.STRUCTURE, "the file is not valid " + format + ": "
                    + e.getOriginalMessage()));
        }
        List<Finding> findings = new ArrayList<>();
        for (LocatedRule located : rules) {
            located.resourceProblems().forEach(problem -> findings.add(new Finding(
                    problem.jsonPath(located.resourcePath(), located.rename()), problem.kind(), problem.reason())));
            validator.validate(located.reading()).forEach(problem -> findings.add(finding(located, problem)));
        }
        return findings;
    }

    private static Finding finding(LocatedRule located, RuleProblem problem) {
        return new Finding(problem.jsonPath(located.propertiesPath(), located.rename()), problem.kind(),
                problem.reason());
    }
}
