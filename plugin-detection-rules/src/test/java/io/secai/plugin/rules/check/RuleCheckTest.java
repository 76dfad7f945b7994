package io.secai.plugin.rules.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.plugin.rules.Rules;
import io.secai.plugin.rules.export.ArmTemplate;
import io.secai.plugin.rules.export.BicepTemplate;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.QueryInspector;
import io.secai.plugin.rules.validate.RuleProblem.Kind;
import io.secai.plugin.rules.validate.RuleValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuleCheckTest {
    private final ObjectMapper json = new ObjectMapper();
    private final RuleCheck check = new RuleCheck(json, new RuleValidator(AttackMatrix.bundled(),
            kql -> new QueryInspector.QueryView(List.of(), List.of(), Optional.empty())));

    @Test
    void everyProblemOfABrokenTemplateIsReportedAtItsPathInTheFile() throws Exception {
        ObjectNode template = (ObjectNode) json.readTree(new ArmTemplate(json).write(Rules.valid()));
        ObjectNode properties = (ObjectNode) template.path("resources").path(0).path("properties");
        properties.put("queryPeriod", "PT5M");
        properties.put("triggerOperator", "gt");
        properties.withArray("techniques").add("T1110");
        properties.remove("severity");
        ((ObjectNode) template.path("resources").path(0)).put("kind", "NRT");

        List<Finding> findings = check.check(template.toString());

        assertThat(findings).extracting(Finding::toString).containsExactlyInAnyOrder(
                "$.resources[0].kind: [STRUCTURE] kind is 'NRT', not Scheduled",
                "$.resources[0].properties.severity: [MISSING] severity is missing",
                "$.resources[0].properties.queryPeriod: [PERIOD_BELOW_FREQUENCY] the query period PT5M (5 minutes) "
                        + "is shorter than the frequency PT10M (10 minutes), so events between runs would never be "
                        + "seen; make the period at least the frequency",
                "$.resources[0].properties.triggerOperator: [TRIGGER] 'gt' is not a trigger operator; use one of "
                        + "[GreaterThan, LessThan, Equal, NotEqual]",
                "$.resources[0].properties.techniques[1]: [TECHNIQUE_TACTIC] T1110 (Brute Force) belongs to "
                        + "CredentialAccess, none of which the rule lists; add one of those tactics or drop the "
                        + "technique");
    }

    @Test
    void aTemplateWithoutAnAlertRuleOrNotJsonAtAllSaysSo() {
        assertThat(check.check("{\"resources\":[{\"type\":\"Microsoft.Storage/storageAccounts\"}]}"))
                .extracting(Finding::kind).containsExactly(Kind.STRUCTURE);
        assertThat(check.check("{\"resources\": [")).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.STRUCTURE);
            assertThat(finding.reason()).startsWith("the file is not valid JSON");
        });
        assertThat(check.check("[1, 2]")).extracting(Finding::kind).containsExactly(Kind.STRUCTURE);
    }

    @Test
    void detectionYamlProblemsUseTheYamlsOwnNames() {
        String yaml = """
                id: not-a-guid
                name: ""
                severity: High
                queryFrequency: 1h
                queryPeriod: 30m
                triggerOperator: gt
                triggerThreshold: 0
                tactics: [Impact]
                relevantTechniques: [T1485]
                query: SecurityEvent
                """;

        assertThat(check.check(yaml)).extracting(Finding::path).containsExactlyInAnyOrder("$.id", "$.name",
                "$.queryPeriod");
    }

    @Test
    void bicepProblemsAreReportedUnderTheResourcesSymbolicName() {
        String bicep = new BicepTemplate(json).write(Rules.valid())
                .replace("queryPeriod: 'PT10M'", "queryPeriod: 'PT5M' // shorter than the frequency")
                .replace("kind: 'Scheduled'", "kind: 'NRT'");

        assertThat(check.check("// a comment first\n/* and a block */\n" + bicep)).extracting(Finding::toString)
                .containsExactlyInAnyOrder(
                        "$.rule.kind: [STRUCTURE] kind is 'NRT', not Scheduled",
                        "$.rule.properties.queryPeriod: [PERIOD_BELOW_FREQUENCY] the query period PT5M (5 minutes) "
                                + "is shorter than the frequency PT10M (10 minutes), so events between runs would "
                                + "never be seen; make the period at least the frequency");
        assertThat(check.check("param workspace string\nresource storage 'Microsoft.Storage/storageAccounts@2023-01-01'"
                + " = {\n  name: 'x'\n}\n")).singleElement().satisfies(finding -> {
                    assertThat(finding.kind()).isEqualTo(Kind.STRUCTURE);
                    assertThat(finding.reason()).contains("declares no Microsoft.SecurityInsights/alertRules");
                });
    }

    @Test
    void handWrittenBicepWithVerbatimStringsCommentsAndCommasIsRead() {
        String bicep = """
                @description('workspace') // a decorator and a comment
                param workspace string
                var unused = { a: [1, 2], b: '${workspace}-x' }
                resource ws 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
                  name: workspace
                }
                resource hand 'Microsoft.SecurityInsights/alertRules@2023-12-01-preview' = {
                  scope: ws
                  name: '8a3e6d21-4c7b-4f0a-9e12-5b6c7d8e9f01'
                  kind: 'Scheduled'
                  properties: {
                    displayName: 'Bulk deletion', description: 'It\\'s many.'
                    severity: 'Medium'
                    query: '''
                SecurityEvent
                | summarize Deleted = count() by Account
                '''
                    queryFrequency: 'PT1H'
                    queryPeriod: 'PT30M' /* shorter */
                    triggerOperator: 'GreaterThan'
                    triggerThreshold: 0
                    suppressionDuration: 'PT1H'
                    suppressionEnabled: false
                    tactics: [ 'Impact', 'Defense Evasion' ]
                    techniques: [ 'T1485' ]
                    entityMappings: [
                      {
                        entityType: 'Account'
                        fieldMappings: [ { identifier: 'FullName', columnName: 'Account' } ]
                      }
                    ]
                    eventGroupingSettings: { aggregationKind: 'SingleAlert' }
                  }
                }
                """;

        assertThat(check.check(bicep)).extracting(Finding::toString).containsExactly(
                "$.hand.properties.queryPeriod: [PERIOD_BELOW_FREQUENCY] the query period PT30M (30 minutes) is "
                        + "shorter than the frequency PT1H (1 hour), so events between runs would never be seen; "
                        + "make the period at least the frequency",
                "$.hand.properties.tactics[1]: [TACTIC] 'Defense Evasion' is not a tactic as Sentinel spells them "
                        + "(did you mean DefenseEvasion?); use one of " + AttackMatrix.SENTINEL_TACTICS);
        var read = new io.secai.plugin.rules.export.BicepReader(json).read(bicep).get(0).reading().rule()
                .orElseThrow();
        assertThat(read.query()).isEqualTo("SecurityEvent\n| summarize Deleted = count() by Account\n");
        assertThat(read.description()).isEqualTo("It's many.");
    }

    @Test
    void hostileBicepEndsQuicklyWithALineNumber() {
        String head = "resource rule 'Microsoft.SecurityInsights/alertRules@2023-12-01-preview' = {\n  properties: ";
        List<String> hostile = List.of(
                head + "[".repeat(200_000),
                head + "'${".repeat(100_000),
                head + "(".repeat(200_000),
                head + "'unclosed\n}",
                head + "'\\u{110000}'\n}",
                head + "{\n    query: 'a'\n",
                "resource rule 'Microsoft.SecurityInsights/alertRules@x' = {\n" + "  a: 'b'\n".repeat(200_000)
                        + "  /* never closed");
        for (String text : hostile) {
            long start = System.nanoTime();
            List<Finding> findings = check.check(text);
            // Linear work takes well under a second here; quadratic work on these sizes would take minutes. The
            // bound is loose because the test machine is shared.
            assertThat(System.nanoTime() - start).as("time for %.120s", text).isLessThan(10_000_000_000L);
            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.kind()).isEqualTo(Kind.STRUCTURE);
                assertThat(finding.reason()).startsWith("the file is not Bicep SecAI can read: ")
                        .containsPattern("\\(line \\d+\\)$");
            });
        }
    }

    @Test
    void hostileYamlIsReportedNotExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'm'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i > 0 ? "," : "").append('*').append(previous);
            }
            bomb.append("]\n");
        }

        List<Finding> findings = check.check(bomb.toString());

        assertThat(findings).as("a mapping of aliases, read without expanding them, holds no rule")
                .extracting(Finding::toString).contains("$.query: [MISSING] query is missing");
        assertThat(check.check("name: [unclosed")).extracting(Finding::kind).containsExactly(Kind.STRUCTURE);
        assertThat(check.check("just a line of text")).extracting(Finding::kind).containsExactly(Kind.STRUCTURE);
    }
}
