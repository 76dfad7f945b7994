package io.secai.plugin.rules.generate;

import io.secai.api.JsonSchema;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.EntityCatalog;
import io.secai.plugin.rules.validate.RuleValidator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON schema of the model's answer: a rule with the ARM property names, closed so that the model's strict
 * structured output applies. Custom details are a list of key and column, because a strict schema has no maps.
 */
final class RuleSchema {
    static final String NAME = "analytics_rule";

    private RuleSchema() {
    }

    static JsonSchema schema() {
        return JsonSchema.of(NAME, """
                {"type":"object","additionalProperties":false,
                 "required":["displayName","description","severity","query","queryFrequency","queryPeriod",\
                "triggerOperator","triggerThreshold","suppressionEnabled","suppressionDuration","tactics",\
                "techniques","entityMappings","customDetails","eventGroupingSettings"],
                 "properties":{
                  "displayName":{"type":"string","description":"short name of the rule, under 50 characters"},
                  "description":{"type":"string","description":"what the rule detects and why it matters"},
                  "severity":{"type":"string","enum":%s},
                  "query":{"type":"string","description":"read-only KQL that returns the events to alert on, with \
                the columns the entity mappings and custom details name"},
                  "queryFrequency":{"type":"string","description":"ISO 8601 duration, PT5M to P14D"},
                  "queryPeriod":{"type":"string","description":"ISO 8601 duration, PT5M to P14D, at least the \
                frequency"},
                  "triggerOperator":{"type":"string","enum":%s},
                  "triggerThreshold":{"type":"integer","description":"0 to 10000"},
                  "suppressionEnabled":{"type":"boolean"},
                  "suppressionDuration":{"type":"string","description":"ISO 8601 duration, PT5M to PT24H"},
                  "tactics":{"type":"array","items":{"type":"string","enum":%s}},
                  "techniques":{"type":"array","items":{"type":"string","description":"T1234 or T1234.001, \
                belonging to one of the tactics"}},
                  "entityMappings":{"type":"array","items":{"type":"object","additionalProperties":false,
                    "required":["entityType","fieldMappings"],
                    "properties":{"entityType":{"type":"string","enum":%s},
                      "fieldMappings":{"type":"array","items":{"type":"object","additionalProperties":false,
                        "required":["identifier","columnName"],
                        "properties":{"identifier":{"type":"string"},"columnName":{"type":"string"}}}}}}},
                  "customDetails":{"type":"array","items":{"type":"object","additionalProperties":false,
                    "required":["key","column"],
                    "properties":{"key":{"type":"string"},"column":{"type":"string"}}}},
                  "eventGroupingSettings":{"type":"object","additionalProperties":false,
                    "required":["aggregationKind"],
                    "properties":{"aggregationKind":{"type":"string","enum":%s}}}}}"""
                .formatted(array(RuleValidator.SEVERITIES), array(RuleValidator.TRIGGER_OPERATORS),
                        array(AttackMatrix.SENTINEL_TACTICS), array(EntityCatalog.entityTypes()),
                        array(RuleValidator.AGGREGATION_KINDS)));
    }

    private static String array(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
