package io.secai.plugin.rules.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.RuleJson;
import io.secai.plugin.rules.model.RuleReading;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleProblem.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule as an ARM deployment template: one {@code Microsoft.OperationalInsights/workspaces/providers/alertRules}
 * resource of kind {@code Scheduled}, deployed into the workspace given as the {@code workspace} parameter.
 *
 * <p>The API version is one that has {@code subTechniques}: older versions refuse a sub-technique in
 * {@code techniques}, so sub-techniques go there and their parents into {@code techniques}.
 */
public final class ArmTemplate {
    /** The resource type of an analytics rule in a workspace. */
    public static final String RESOURCE_TYPE = "Microsoft.OperationalInsights/workspaces/providers/alertRules";
    /** The alert rules API version the template uses. */
    public static final String API_VERSION = "2023-12-01-preview";
    static final String SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    private static final Pattern RULE_ID = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'?\\)?\\]?$");

    private final ObjectMapper json;
    private final RuleJson rules;

    /** @param json the mapper */
    public ArmTemplate(ObjectMapper json) {
        this.json = json;
        this.rules = new RuleJson(json);
    }

    /** @param rule the rule @return the template, indented */
    public String write(AnalyticsRule rule) {
        ObjectNode template = json.createObjectNode();
        template.put("$schema", SCHEMA);
        template.put("contentVersion", "1.0.0.0");
        template.putObject("parameters").putObject("workspace").put("type", "String");
        ObjectNode resource = template.putArray("resources").addObject();
        resource.put("id", "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', "
                + "parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/" + rule.id() + "')]");
        resource.put("name", "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/" + rule.id() + "')]");
        resource.put("type", RESOURCE_TYPE);
        resource.put("kind", "Scheduled");
        resource.put("apiVersion", API_VERSION);
        ObjectNode properties = rules.write(rule);
        splitTechniques(properties, rule);
        resource.set("properties", properties);
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(template);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the ARM template", e);
        }
    }

    /**
     * Puts parent techniques into {@code techniques} and sub-techniques into {@code subTechniques}, as the API
     * version wants them; a sub-technique's parent is added when the rule does not list it.
     */
    static void splitTechniques(ObjectNode properties, AnalyticsRule rule) {
        List<String> parents = new ArrayList<>();
        List<String> subs = new ArrayList<>();
        for (String technique : rule.techniques()) {
            String parent = technique.contains(".") ? technique.substring(0, technique.indexOf('.')) : technique;
            if (!parent.equals(technique)) {
                subs.add(technique);
            }
            if (!parents.contains(parent)) {
                parents.add(parent);
            }
        }
        ArrayNode techniques = properties.putArray("techniques");
        parents.forEach(techniques::add);
        if (!subs.isEmpty()) {
            subs.forEach(properties.putArray("subTechniques")::add);
        }
    }

    /**
     * Reads every alert rule of a template.
     *
     * @param template the parsed template
     * @return one reading per alert-rule resource, with the JSON path of its properties; a single reading with a
     *     structure problem when the document is not such a template
     */
    public List<LocatedRule> read(JsonNode template) {
        JsonNode resources = template.path("resources");
        if (!template.isObject() || !resources.isArray()) {
            return List.of(structure("not an ARM template: there is no 'resources' list"));
        }
        List<LocatedRule> found = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            String type = resource.path("type").asText("");
            if (!type.endsWith("alertRules")) {
                continue;
            }
            String prefix = "$.resources[" + i + "]";
            List<RuleProblem> problems = new ArrayList<>();
            if (!type.equals(RESOURCE_TYPE) && !type.equals("Microsoft.SecurityInsights/alertRules")) {
                problems.add(new RuleProblem(Kind.STRUCTURE, "type", "resource type '" + type + "' is not "
                        + RESOURCE_TYPE));
            }
            if (!resource.path("kind").asText("").equals("Scheduled")) {
                problems.add(new RuleProblem(Kind.STRUCTURE, "kind", "kind is '"
                        + resource.path("kind").asText("") + "', not Scheduled"));
            }
            if (resource.path("apiVersion").asText("").isEmpty()) {
                problems.add(new RuleProblem(Kind.STRUCTURE, "apiVersion", "the resource has no apiVersion"));
            }
            JsonNode properties = resource.path("properties");
            if (properties.isObject() && properties.path("subTechniques").isArray()) {
                ObjectNode merged = properties.deepCopy();
                ArrayNode techniques = merged.withArray("techniques");
                properties.path("subTechniques").forEach(techniques::add);
                merged.remove("subTechniques");
                properties = merged;
            }
            RuleReading reading = rules.read(properties, ruleId(resource.path("name").asText("")),
                    UnaryOperator.identity());
            found.add(new LocatedRule(prefix, prefix + ".properties", UnaryOperator.identity(), problems, reading));
        }
        if (found.isEmpty()) {
            return List.of(structure("the template holds no " + RESOURCE_TYPE + " resource"));
        }
        return found;
    }

    private static LocatedRule structure(String reason) {
        return new LocatedRule("$", "$", UnaryOperator.identity(), List.of(new RuleProblem(Kind.STRUCTURE,
                "resources", reason)), new RuleReading(Optional.empty(), List.of()));
    }

    /** The GUID at the end of the resource name, whether a plain name or an ARM expression. */
    static String ruleId(String name) {
        Matcher matcher = RULE_ID.matcher(name);
        return matcher.find() ? matcher.group(1) : name;
    }
}
