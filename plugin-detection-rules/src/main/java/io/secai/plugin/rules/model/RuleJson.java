package io.secai.plugin.rules.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleProblem.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes a rule's properties as JSON with the ARM resource's property names; the detection YAML uses the
 * same shape with a few names changed, given as {@code rename}.
 */
public final class RuleJson {
    private final ObjectMapper json;

    /** @param json the mapper that makes nodes */
    public RuleJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads a rule leniently: every missing or mistyped value is reported, none stops the reading.
     *
     * @param properties the object holding the rule's properties
     * @param id the rule's id, when the document keeps it elsewhere (the ARM resource name)
     * @param rename maps the rule's property names to the document's
     * @return the rule and what was wrong
     */
    public RuleReading read(JsonNode properties, String id, UnaryOperator<String> rename) {
        if (properties == null || !properties.isObject()) {
            return new RuleReading(java.util.Optional.empty(), List.of(new RuleProblem(Kind.STRUCTURE, "",
                    "the rule's properties are not a JSON object")));
        }
        Reader reader = new Reader(properties, rename);
        List<String> techniques = reader.strings("techniques");
        List<EntityMapping> mappings = new ArrayList<>();
        JsonNode entities = reader.optional("entityMappings");
        if (entities != null) {
            if (!entities.isArray()) {
                reader.problem(Kind.MISSING, "entityMappings", "must be a list");
            } else {
                for (int i = 0; i < entities.size(); i++) {
                    mappings.add(reader.mapping(entities.get(i), "entityMappings[" + i + "]"));
                }
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode detailNode = reader.optional("customDetails");
        if (detailNode != null) {
            if (!detailNode.isObject()) {
                reader.problem(Kind.MISSING, "customDetails", "must be an object of key to column");
            } else {
                detailNode.fields().forEachRemaining(entry -> details.put(entry.getKey(),
                        entry.getValue().isTextual() ? entry.getValue().asText() : ""));
            }
        }
        JsonNode grouping = reader.optional("eventGroupingSettings");
        String aggregation = grouping != null && grouping.path("aggregationKind").isTextual()
                ? grouping.path("aggregationKind").asText() : EventGrouping.SINGLE_ALERT.aggregationKind();
        JsonNode suppressionEnabled = reader.optional("suppressionEnabled");
        String suppressionDuration = reader.optional("suppressionDuration") == null
                ? Suppression.OFF.duration() : reader.text("suppressionDuration");
        JsonNode enabled = reader.optional("enabled");
        AnalyticsRule rule = new AnalyticsRule(
                id.isEmpty() ? reader.optionalText("id") : id,
                reader.text("displayName"),
                reader.optionalText("description"),
                reader.text("severity"),
                enabled == null || enabled.asBoolean(true),
                reader.text("query"),
                reader.text("queryFrequency"),
                reader.text("queryPeriod"),
                reader.text("triggerOperator"),
                reader.number("triggerThreshold"),
                new Suppression(suppressionEnabled != null && suppressionEnabled.asBoolean(false),
                        suppressionDuration),
                reader.strings("tactics"),
                techniques,
                mappings,
                details,
                new EventGrouping(aggregation));
        return new RuleReading(java.util.Optional.of(rule), reader.problems);
    }

    /**
     * @param rule the rule
     * @return its properties with the ARM resource's names, techniques and sub-techniques in one list
     */
    public ObjectNode write(AnalyticsRule rule) {
        ObjectNode node = json.createObjectNode();
        node.put("displayName", rule.displayName());
        node.put("description", rule.description());
        node.put("severity", rule.severity());
        node.put("enabled", rule.enabled());
        node.put("query", rule.query());
        node.put("queryFrequency", rule.queryFrequency());
        node.put("queryPeriod", rule.queryPeriod());
        node.put("triggerOperator", rule.triggerOperator());
        node.put("triggerThreshold", rule.triggerThreshold());
        node.put("suppressionDuration", rule.suppression().duration());
        node.put("suppressionEnabled", rule.suppression().enabled());
        rule.tactics().forEach(node.putArray("tactics")::add);
        rule.techniques().forEach(node.putArray("techniques")::add);
        ArrayNode mappings = node.putArray("entityMappings");
        for (EntityMapping mapping : rule.entityMappings()) {
            ObjectNode entry = mappings.addObject();
            entry.put("entityType", mapping.entityType());
            ArrayNode fields = entry.putArray("fieldMappings");
            mapping.fieldMappings().forEach(field -> fields.addObject().put("identifier", field.identifier())
                    .put("columnName", field.columnName()));
        }
        ObjectNode details = node.putObject("customDetails");
        new java.util.TreeMap<>(rule.customDetails()).forEach(details::put);
        node.putObject("eventGroupingSettings").put("aggregationKind", rule.eventGrouping().aggregationKind());
        return node;
    }

    /** Reads values one by one and records what is missing. */
    private static final class Reader {
        private final JsonNode node;
        private final UnaryOperator<String> rename;
        private final List<RuleProblem> problems = new ArrayList<>();

        Reader(JsonNode node, UnaryOperator<String> rename) {
            this.node = node;
            this.rename = rename;
        }

        void problem(Kind kind, String path, String reason) {
            problems.add(new RuleProblem(kind, path, reason));
        }

        JsonNode optional(String name) {
            JsonNode value = node.get(rename.apply(name));
            return value == null || value.isNull() ? null : value;
        }

        String text(String name) {
            JsonNode value = optional(name);
            if (value == null || !value.isValueNode()) {
                problem(Kind.MISSING, name, rename.apply(name) + " is missing");
                return "";
            }
            return value.asText();
        }

        String optionalText(String name) {
            JsonNode value = optional(name);
            return value == null || !value.isValueNode() ? "" : value.asText();
        }

        long number(String name) {
            JsonNode value = optional(name);
            if (value == null) {
                problem(Kind.MISSING, name, rename.apply(name) + " is missing");
                return 0;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.asLong();
            }
            if (value.isTextual() && value.asText().matches("-?\\d{1,9}")) {
                return Long.parseLong(value.asText());
            }
            problem(Kind.TRIGGER, name, rename.apply(name) + " must be a whole number, not " + value);
            return 0;
        }

        List<String> strings(String name) {
            JsonNode value = optional(name);
            List<String> values = new ArrayList<>();
            if (value == null) {
                return values;
            }
            if (!value.isArray()) {
                problem(Kind.MISSING, name, rename.apply(name) + " must be a list of strings");
                return values;
            }
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i).isTextual()) {
                    values.add(value.get(i).asText());
                } else {
                    problem(Kind.MISSING, name + "[" + i + "]", "must be a string");
                }
            }
            return values;
        }

        EntityMapping mapping(JsonNode entry, String path) {
            String type = entry.path("entityType").isTextual() ? entry.path("entityType").asText() : "";
            if (type.isEmpty()) {
                problem(Kind.MISSING, path + ".entityType", "entityType is missing");
            }
            List<EntityMapping.FieldMapping> fields = new ArrayList<>();
            JsonNode list = entry.path("fieldMappings");
            if (!list.isArray()) {
                problem(Kind.MISSING, path + ".fieldMappings", "fieldMappings must be a list");
            } else {
                for (int j = 0; j < list.size(); j++) {
                    JsonNode field = list.get(j);
                    fields.add(new EntityMapping.FieldMapping(field.path("identifier").asText(""),
                            field.path("columnName").asText("")));
                }
            }
            return new EntityMapping(type, fields);
        }
    }
}
