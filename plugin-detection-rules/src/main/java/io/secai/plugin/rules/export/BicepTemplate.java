package io.secai.plugin.rules.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.RuleJson;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule as a Bicep file: the alert rule as an extension resource of the existing workspace named by the
 * {@code workspace} parameter, with the same properties as the ARM template.
 */
public final class BicepTemplate {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectMapper json;

    /** @param json the mapper that makes nodes */
    public BicepTemplate(ObjectMapper json) {
        this.json = json;
    }

    /** @param rule the rule @return the Bicep source */
    public String write(AnalyticsRule rule) {
        ObjectNode properties = new RuleJson(json).write(rule);
        ArmTemplate.splitTechniques(properties, rule);
        StringBuilder out = new StringBuilder();
        out.append("@description('Name of the Log Analytics workspace where Microsoft Sentinel is enabled')\n")
                .append("param workspace string\n\n")
                .append("resource sentinelWorkspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' ")
                .append("existing = {\n  name: workspace\n}\n\n")
                .append("resource rule 'Microsoft.SecurityInsights/alertRules@").append(ArmTemplate.API_VERSION)
                .append("' = {\n  scope: sentinelWorkspace\n  name: ").append(string(rule.id()))
                .append("\n  kind: 'Scheduled'\n  properties: ");
        value(properties, 1, out);
        out.append("\n}\n");
        return out.toString();
    }

    private static void value(JsonNode node, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(indent).append("  ").append(key(field.getKey())).append(": ");
                value(field.getValue(), depth + 1, out);
                out.append('\n');
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (JsonNode item : node) {
                out.append(indent).append("  ");
                value(item, depth + 1, out);
                out.append('\n');
            }
            out.append(indent).append(']');
        } else if (node.isTextual()) {
            out.append(string(node.asText()));
        } else {
            out.append(node.asText());
        }
    }

    private static String key(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : string(name);
    }

    /** A Bicep single-quoted string: {@code \'}, {@code \\}, {@code \$} (no interpolation), and line breaks. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u{%X}", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
