package io.secai.plugin.rules.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.RuleJson;
import io.secai.plugin.rules.model.Suppression;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleProblem.Kind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule in the YAML of Sentinel's community detections (the {@code Detections/} folder of the Azure-Sentinel
 * repository): {@code name} for the display name, {@code relevantTechniques}, short trigger operators
 * ({@code gt}) and short durations ({@code 10m}, {@code 1h}, {@code 1d}) where the ISO 8601 value has one unit.
 * Suppression and {@code enabled}, which that format does not have, are written only when they differ from the
 * defaults, so that reading the YAML back gives the same rule.
 */
public final class DetectionYaml {
    private static final Map<String, String> SHORT_OPERATORS = Map.of("GreaterThan", "gt", "LessThan", "lt",
            "Equal", "eq", "NotEqual", "ne");
    private static final Map<String, String> LONG_OPERATORS = Map.of("gt", "GreaterThan", "lt", "LessThan",
            "eq", "Equal", "ne", "NotEqual");
    private static final Pattern ISO_ONE_UNIT = Pattern.compile("P(?:(\\d+)D|T(\\d+)([HM]))");
    private static final Pattern SHORT = Pattern.compile("(\\d+)([dhm])");
    static final UnaryOperator<String> NAMES = name -> switch (name) {
        case "displayName" -> "name";
        case "techniques" -> "relevantTechniques";
        default -> name;
    };

    private final ObjectMapper yaml;
    private final RuleJson rules;

    /** @param json the mapper that makes nodes */
    public DetectionYaml(ObjectMapper json) {
        this.yaml = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build());
        this.rules = new RuleJson(json);
    }

    /** @param rule the rule @return the detection YAML */
    public String write(AnalyticsRule rule) {
        ObjectNode properties = rules.write(rule);
        ObjectNode node = yaml.createObjectNode();
        node.put("id", rule.id());
        node.put("name", rule.displayName());
        node.put("description", rule.description());
        node.put("severity", rule.severity());
        node.putArray("requiredDataConnectors");
        node.put("queryFrequency", toShort(rule.queryFrequency()));
        node.put("queryPeriod", toShort(rule.queryPeriod()));
        node.put("triggerOperator", SHORT_OPERATORS.getOrDefault(rule.triggerOperator(), rule.triggerOperator()));
        node.put("triggerThreshold", rule.triggerThreshold());
        node.set("tactics", properties.get("tactics"));
        node.set("relevantTechniques", properties.get("techniques"));
        node.put("query", rule.query().endsWith("\n") ? rule.query() : rule.query() + "\n");
        node.set("entityMappings", properties.get("entityMappings"));
        if (!rule.customDetails().isEmpty()) {
            node.set("customDetails", properties.get("customDetails"));
        }
        node.set("eventGroupingSettings", properties.get("eventGroupingSettings"));
        if (!rule.suppression().equals(Suppression.OFF)) {
            node.put("suppressionEnabled", rule.suppression().enabled());
            node.put("suppressionDuration", rule.suppression().duration());
        }
        if (!rule.enabled()) {
            node.put("enabled", false);
        }
        node.put("version", "1.0.0");
        node.put("kind", "Scheduled");
        try {
            return yaml.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the detection YAML", e);
        }
    }

    /**
     * @param text a detection YAML document
     * @return the rule it holds and what is wrong with it
     * @throws JsonProcessingException when the text is not YAML
     */
    public LocatedRule read(String text) throws JsonProcessingException {
        JsonNode document = yaml.readTree(text);
        if (document == null || !document.isObject()) {
            return new LocatedRule("$", "$", NAMES, List.of(new RuleProblem(Kind.STRUCTURE, "",
                    "not a detection YAML: the document is not a mapping")),
                    new io.secai.plugin.rules.model.RuleReading(Optional.empty(), List.of()));
        }
        ObjectNode node = document.deepCopy();
        JsonNode operator = node.get("triggerOperator");
        if (operator != null && operator.isTextual()) {
            node.put("triggerOperator", LONG_OPERATORS.getOrDefault(operator.asText(), operator.asText()));
        }
        for (String name : List.of("queryFrequency", "queryPeriod")) {
            JsonNode value = node.get(name);
            if (value != null && value.isTextual()) {
                node.put(name, toIso(value.asText()));
            }
        }
        if (node.path("query").isTextual()) {
            String query = node.path("query").asText();
            node.put("query", query.endsWith("\n") ? query.substring(0, query.length() - 1) : query);
        }
        List<RuleProblem> structure = new java.util.ArrayList<>();
        JsonNode kind = node.get("kind");
        if (kind != null && !kind.asText().equals("Scheduled")) {
            structure.add(new RuleProblem(Kind.STRUCTURE, "kind", "kind is '" + kind.asText()
                    + "', not Scheduled"));
        }
        return new LocatedRule("$", "$", NAMES, structure, rules.read(node, "", NAMES));
    }

    /** {@code PT10M} as {@code 10m}; values with more than one unit stay ISO 8601. */
    static String toShort(String iso) {
        Matcher matcher = ISO_ONE_UNIT.matcher(iso);
        if (!matcher.matches()) {
            return iso;
        }
        if (matcher.group(1) != null) {
            return Long.parseLong(matcher.group(1)) + "d";
        }
        return Long.parseLong(matcher.group(2)) + matcher.group(3).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code 10m} as {@code PT10M}; anything else as written. */
    static String toIso(String text) {
        Matcher matcher = SHORT.matcher(text);
        if (!matcher.matches()) {
            return text;
        }
        return switch (matcher.group(2)) {
            case "d" -> "P" + matcher.group(1) + "D";
            case "h" -> "PT" + matcher.group(1) + "H";
            default -> "PT" + matcher.group(1) + "M";
        };
    }
}
