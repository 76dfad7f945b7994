package io.secai.plugin.rules.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.plugin.rules.Rules;
import io.secai.plugin.rules.check.RuleCheck;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.Suppression;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.QueryInspector;
import io.secai.plugin.rules.validate.RuleValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExportRoundTripTest {
    private final ObjectMapper json = new ObjectMapper();
    private final RuleValidator validator = new RuleValidator(AttackMatrix.bundled(), kql -> new QueryInspector
            .QueryView(List.of(), List.of(), Optional.of(Set.of("Deleted", "Objects", "Account", "Computer",
            "TimeGenerated"))));
    private final RuleCheck check = new RuleCheck(json, validator);

    @Test
    void theArmTemplatePassesRuleCheckAndReadsBackAsTheSameRule() throws Exception {
        AnalyticsRule rule = Rules.valid();
        String template = new ArmTemplate(json).write(rule);

        assertThat(check.check(template)).isEmpty();
        JsonNode resource = json.readTree(template).path("resources").path(0);
        assertThat(resource.path("type").asText()).isEqualTo(ArmTemplate.RESOURCE_TYPE);
        assertThat(resource.path("kind").asText()).isEqualTo("Scheduled");
        assertThat(resource.path("apiVersion").asText()).isEqualTo(ArmTemplate.API_VERSION);
        assertThat(resource.path("name").asText()).isEqualTo(
                "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/" + rule.id() + "')]");
        List<LocatedRule> read = new ArmTemplate(json).read(json.readTree(template));
        assertThat(read).hasSize(1);
        assertThat(read.get(0).reading().rule()).contains(rule);
        assertThat(read.get(0).reading().problems()).isEmpty();
    }

    @Test
    void subTechniquesGoToTheirOwnArmPropertyWithTheirParentsInTechniques() throws Exception {
        AnalyticsRule rule = Rules.change().attack(List.of("Impact", "Persistence"), List.of("T1485", "T1078.004"))
                .build();
        String template = new ArmTemplate(json).write(rule);

        JsonNode properties = json.readTree(template).path("resources").path(0).path("properties");
        assertThat(properties.path("techniques").toString()).isEqualTo("[\"T1485\",\"T1078\"]");
        assertThat(properties.path("subTechniques").toString()).isEqualTo("[\"T1078.004\"]");
        assertThat(check.check(template)).isEmpty();
    }

    @Test
    void theDetectionYamlParsesBackToTheSameRule() throws Exception {
        for (AnalyticsRule rule : List.of(Rules.valid(),
                Rules.change().schedule("PT1H30M", "P1D").trigger("LessThan", 5).suppression(Suppression.OFF)
                        .attack(List.of("Persistence"), List.of("T1078.004")).query("SigninLogs\n| where 'a' == \"b\""
                                + "\n| project Account = UserPrincipalName, Computer = '${x}: #not a comment'")
                        .build())) {
            String yaml = new DetectionYaml(json).write(rule);

            LocatedRule read = new DetectionYaml(json).read(yaml);
            assertThat(read.reading().problems()).isEmpty();
            assertThat(read.reading().rule()).contains(rule);
        }
    }

    @Test
    void theDetectionYamlUsesTheCommunityNamesAndShortForms() throws Exception {
        String yaml = new DetectionYaml(json).write(Rules.valid());

        assertThat(yaml).contains("name: Mass Active Directory object deletion", "queryFrequency: 10m",
                "triggerOperator: gt", "relevantTechniques:", "- T1485", "query: |", "kind: Scheduled");
        assertThat(check.check(yaml)).isEmpty();
    }

    @Test
    void theBicepFilePassesRuleCheckAndReadsBackAsTheSameRule() {
        for (AnalyticsRule rule : List.of(Rules.valid(),
                Rules.change().schedule("PT1H30M", "P1D").trigger("LessThan", 5).suppression(Suppression.OFF)
                        .attack(List.of("Impact", "Persistence"), List.of("T1485", "T1078"))
                        .query("SecurityEvent\n| where Account == 'it''s' and x == '${y}' // \\n\t\u0001 é"
                                + "\n| summarize Deleted = count() by Account, Computer").build())) {
            String bicep = new BicepTemplate(json).write(rule);

            assertThat(check.check(bicep)).as(bicep).isEmpty();
            List<LocatedRule> read = new BicepReader(json).read(bicep);
            assertThat(read).singleElement().satisfies(located -> {
                assertThat(located.propertiesPath()).isEqualTo("$.rule.properties");
                assertThat(located.resourceProblems()).isEmpty();
                assertThat(located.reading().problems()).isEmpty();
                assertThat(located.reading().rule()).contains(rule);
            });
        }
    }

    @Test
    void theBicepFileDeclaresTheRuleOnTheWorkspaceWithEveryValueEscaped() {
        AnalyticsRule rule = Rules.change().query("SecurityEvent\n| where Account == 'it''s' and x == '${y}'\\n")
                .build();
        String bicep = new BicepTemplate(json).write(rule);

        assertThat(bicep).contains("param workspace string",
                "existing = {\n  name: workspace\n}",
                "resource rule 'Microsoft.SecurityInsights/alertRules@" + ArmTemplate.API_VERSION + "' = {",
                "  scope: sentinelWorkspace\n  name: '" + rule.id() + "'\n  kind: 'Scheduled'",
                "    displayName: 'Mass Active Directory object deletion'",
                "    query: 'SecurityEvent\\n| where Account == \\'it\\'\\'s\\' and x == \\'\\${y}\\'\\\\n'",
                "    queryPeriod: 'PT10M'", "    triggerThreshold: 0", "    tactics: [\n      'Impact'\n    ]",
                "        entityType: 'Account'", "    customDetails: {\n      DeletedObjects: 'Deleted'\n    }");
        assertThat(bicep.lines().filter(line -> line.contains("query:")).count()).isEqualTo(1);
    }
}
