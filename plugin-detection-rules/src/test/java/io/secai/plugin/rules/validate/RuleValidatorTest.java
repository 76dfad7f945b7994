package io.secai.plugin.rules.validate;

import io.secai.plugin.rules.Rules;
import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.EntityMapping;
import io.secai.plugin.rules.model.EntityMapping.FieldMapping;
import io.secai.plugin.rules.model.Suppression;
import io.secai.plugin.rules.validate.RuleProblem.Kind;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every validation rule with a rule that breaks it and one that keeps it. The query's view is given directly here
 * (what the guard says is tested with the real guard in {@code KqlQueryInspectorTest}).
 */
class RuleValidatorTest {
    private static final Set<String> OUTPUT = Set.of("Deleted", "Objects", "Account", "Computer", "TimeGenerated");

    private List<String> guardFlags = List.of();
    private List<String> schemaFlags = List.of();
    private Optional<Set<String>> output = Optional.of(OUTPUT);
    private final RuleValidator validator = new RuleValidator(AttackMatrix.bundled(),
            kql -> new QueryInspector.QueryView(guardFlags, schemaFlags, output));

    private List<RuleProblem> problems(AnalyticsRule rule) {
        return validator.validate(rule);
    }

    private RuleProblem only(AnalyticsRule rule) {
        List<RuleProblem> found = problems(rule);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void theSeedsRuleHasNoProblem() {
        assertThat(problems(Rules.valid())).isEmpty();
    }

    @Test
    void durationsMustBeIso8601() {
        RuleProblem problem = only(Rules.change().schedule("10m", "PT10M").build());
        assertThat(problem.kind()).isEqualTo(Kind.DURATION_FORMAT);
        assertThat(problem.jsonPath()).isEqualTo("$.queryFrequency");
        assertThat(problem.reason()).contains("'10m'", "ISO 8601");
        assertThat(problems(Rules.change().schedule("PT1H30M", "P1D").build())).isEmpty();
        assertThat(problems(Rules.change().schedule("PT1H", "P2W").build())).isEmpty();
    }

    @Test
    void frequencyAndPeriodStayWithinFiveMinutesAndFourteenDays() {
        RuleProblem tooOften = only(Rules.change().schedule("PT1M", "PT10M").build());
        assertThat(tooOften.kind()).isEqualTo(Kind.DURATION_RANGE);
        assertThat(tooOften.jsonPath()).isEqualTo("$.queryFrequency");
        assertThat(tooOften.reason()).contains("1 minute", "5 minutes to 14 days");
        RuleProblem tooLong = only(Rules.change().schedule("PT10M", "P15D").build());
        assertThat(tooLong.jsonPath()).isEqualTo("$.queryPeriod");
        assertThat(problems(Rules.change().schedule("PT5M", "P14D").build())).isEmpty();
    }

    @Test
    void periodMustBeAtLeastTheFrequency() {
        RuleProblem problem = only(Rules.change().schedule("PT1H", "PT10M").build());
        assertThat(problem.kind()).isEqualTo(Kind.PERIOD_BELOW_FREQUENCY);
        assertThat(problem.jsonPath()).isEqualTo("$.queryPeriod");
        assertThat(problem.reason()).contains("10 minutes", "1 hour");
        assertThat(problems(Rules.change().schedule("PT1H", "PT1H").build())).isEmpty();
    }

    @Test
    void suppressionStaysWithinFiveMinutesAndADay() {
        RuleProblem problem = only(Rules.change().suppression(new Suppression(true, "P2D")).build());
        assertThat(problem.jsonPath()).isEqualTo("$.suppressionDuration");
        assertThat(problem.kind()).isEqualTo(Kind.DURATION_RANGE);
        assertThat(problems(Rules.change().suppression(new Suppression(true, "PT24H")).build())).isEmpty();
    }

    @Test
    void triggerOperatorIsOneOfSentinelsFour() {
        RuleProblem problem = only(Rules.change().trigger("gt", 0).build());
        assertThat(problem.kind()).isEqualTo(Kind.TRIGGER);
        assertThat(problem.jsonPath()).isEqualTo("$.triggerOperator");
        assertThat(problems(Rules.change().trigger("NotEqual", 3).build())).isEmpty();
    }

    @Test
    void triggerThresholdIsBetweenZeroAndTenThousandAndCanBeReached() {
        assertThat(only(Rules.change().trigger("GreaterThan", -1).build()).jsonPath())
                .isEqualTo("$.triggerThreshold");
        assertThat(only(Rules.change().trigger("GreaterThan", 10_001).build()).kind()).isEqualTo(Kind.TRIGGER);
        assertThat(only(Rules.change().trigger("LessThan", 0).build()).reason()).contains("never");
        assertThat(problems(Rules.change().trigger("LessThan", 1).build())).isEmpty();
        assertThat(problems(Rules.change().trigger("GreaterThan", 10_000).build())).isEmpty();
    }

    @Test
    void severityIsOneOfSentinelsFour() {
        RuleProblem problem = only(Rules.change().severity("Critical").build());
        assertThat(problem.kind()).isEqualTo(Kind.SEVERITY);
        assertThat(problem.jsonPath()).isEqualTo("$.severity");
        assertThat(problems(Rules.change().severity("Informational").build())).isEmpty();
    }

    @Test
    void idIsAGuidAndTheNameIsNeitherEmptyNorTooLong() {
        assertThat(only(Rules.change().id("rule-1").build()).jsonPath()).isEqualTo("$.id");
        assertThat(only(Rules.change().displayName(" ").build()).jsonPath()).isEqualTo("$.displayName");
        assertThat(only(Rules.change().displayName("x".repeat(257)).build()).kind()).isEqualTo(Kind.IDENTITY);
        assertThat(problems(Rules.change().displayName("x".repeat(256)).build())).isEmpty();
    }

    @Test
    void tacticsAreSpelledAsSentinelSpellsThem() {
        RuleProblem problem = only(Rules.change().attack(List.of("Credential Access", "Impact"), List.of("T1485"))
                .build());
        assertThat(problem.kind()).isEqualTo(Kind.TACTIC);
        assertThat(problem.jsonPath()).isEqualTo("$.tactics[0]");
        assertThat(problem.reason()).contains("did you mean CredentialAccess?");
        assertThat(problems(Rules.change().attack(List.of("CredentialAccess", "Impact"), List.of("T1485")).build()))
                .isEmpty();
    }

    @Test
    void techniquesAreWellFormedAndExist() {
        RuleProblem malformed = only(Rules.change().attack(List.of("Impact"), List.of("T1485", "1485")).build());
        assertThat(malformed.kind()).isEqualTo(Kind.TECHNIQUE);
        assertThat(malformed.jsonPath()).isEqualTo("$.techniques[1]");
        assertThat(only(Rules.change().attack(List.of("Impact"), List.of("T1485.01")).build()).kind())
                .isEqualTo(Kind.TECHNIQUE);
        assertThat(only(Rules.change().attack(List.of("Impact"), List.of("T9999")).build()).reason())
                .contains("not an ATT&CK Enterprise technique");
        assertThat(problems(Rules.change().attack(List.of("Impact"), List.of("T1485", "T1485.001")).build()))
                .isEmpty();
    }

    @Test
    void everyTechniqueBelongsToAListedTacticAndSubTechniquesInheritTheirParents() {
        RuleProblem problem = only(Rules.change().attack(List.of("Impact"), List.of("T1485", "T1110")).build());
        assertThat(problem.kind()).isEqualTo(Kind.TECHNIQUE_TACTIC);
        assertThat(problem.jsonPath()).isEqualTo("$.techniques[1]");
        assertThat(problem.reason()).contains("T1110 (Brute Force) belongs to CredentialAccess");
        assertThat(only(Rules.change().attack(List.of("InitialAccess"), List.of("T1003.001")).build()).kind())
                .isEqualTo(Kind.TECHNIQUE_TACTIC);
        assertThat(problems(Rules.change().attack(List.of("Persistence"), List.of("T1078.004")).build())).isEmpty();
    }

    @Test
    void entityTypesAndIdentifiersAreSentinels() {
        RuleProblem type = only(Rules.change().entities(List.of(new EntityMapping("User",
                List.of(new FieldMapping("FullName", "Account"))))).build());
        assertThat(type.kind()).isEqualTo(Kind.ENTITY_MAPPING);
        assertThat(type.jsonPath()).isEqualTo("$.entityMappings[0].entityType");
        RuleProblem identifier = only(Rules.change().entities(List.of(new EntityMapping("Host",
                List.of(new FieldMapping("Hostname", "Computer"))))).build());
        assertThat(identifier.jsonPath()).isEqualTo("$.entityMappings[0].fieldMappings[0].identifier");
        assertThat(identifier.reason()).contains("HostName");
        assertThat(problems(Rules.change().entities(List.of(new EntityMapping("Account", List.of(
                new FieldMapping("Name", "Account"), new FieldMapping("NTDomain", "Computer"))))).build())).isEmpty();
    }

    @Test
    void atMostTenMappingsOfOneToThreeIdentifiers() {
        EntityMapping host = new EntityMapping("Host", List.of(new FieldMapping("HostName", "Computer")));
        RuleProblem tooMany = only(Rules.change().entities(Collections.nCopies(11, host)).build());
        assertThat(tooMany.jsonPath()).isEqualTo("$.entityMappings");
        assertThat(problems(Rules.change().entities(Collections.nCopies(10, host)).build())).isEmpty();
        EntityMapping four = new EntityMapping("Host", List.of(new FieldMapping("HostName", "Computer"),
                new FieldMapping("DnsDomain", "Computer"), new FieldMapping("NTDomain", "Computer"),
                new FieldMapping("FullName", "Computer")));
        assertThat(only(Rules.change().entities(List.of(four)).build()).jsonPath())
                .isEqualTo("$.entityMappings[0].fieldMappings");
        assertThat(only(Rules.change().entities(List.of(new EntityMapping("Host", List.of()))).build()).kind())
                .isEqualTo(Kind.ENTITY_MAPPING);
    }

    @Test
    void everyMappedColumnIsInTheQuerysOutput() {
        RuleProblem problem = only(Rules.change().entities(List.of(new EntityMapping("IP",
                List.of(new FieldMapping("Address", "IpAddress"))))).build());
        assertThat(problem.kind()).isEqualTo(Kind.COLUMN_NOT_IN_OUTPUT);
        assertThat(problem.jsonPath()).isEqualTo("$.entityMappings[0].fieldMappings[0].columnName");
        assertThat(problem.reason()).contains("'IpAddress'", "Account");
        output = Optional.empty();
        assertThat(problems(Rules.change().entities(List.of(new EntityMapping("IP",
                List.of(new FieldMapping("Address", "IpAddress"))))).build()))
                .as("columns that cannot be known are not reported").isEmpty();
    }

    @Test
    void customDetailsHaveWellFormedKeysOutputColumnsAndAtMostTwenty() {
        RuleProblem key = only(Rules.change().details(Map.of("deleted objects", "Deleted")).build());
        assertThat(key.kind()).isEqualTo(Kind.CUSTOM_DETAILS);
        assertThat(key.jsonPath()).isEqualTo("$.customDetails.deleted objects");
        assertThat(only(Rules.change().details(Map.of("Objects", "ObjectName")).build()).kind())
                .isEqualTo(Kind.COLUMN_NOT_IN_OUTPUT);
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 21).forEach(i -> many.put("D" + i, "Deleted"));
        assertThat(only(Rules.change().details(many).build()).jsonPath()).isEqualTo("$.customDetails");
        many.remove("D20");
        assertThat(problems(Rules.change().details(many).build())).isEmpty();
    }

    @Test
    void eventGroupingIsSingleAlertOrAlertPerResult() {
        RuleProblem problem = only(Rules.change().grouping("PerEntity").build());
        assertThat(problem.jsonPath()).isEqualTo("$.eventGroupingSettings.aggregationKind");
        assertThat(problems(Rules.change().grouping("AlertPerResult").build())).isEmpty();
    }

    @Test
    void theQueryMustPassTheGuardAndTheSchemaCheck() {
        guardFlags = List.of("management commands are not allowed");
        schemaFlags = List.of("unknown column 'ObjectNam'");
        List<RuleProblem> found = problems(Rules.valid());
        assertThat(found).extracting(RuleProblem::kind).containsExactly(Kind.QUERY_GUARD, Kind.QUERY_SCHEMA);
        assertThat(found).extracting(RuleProblem::jsonPath).containsOnly("$.query");
        assertThat(only(Rules.change().query(" ").build()).kind()).isEqualTo(Kind.MISSING);
    }

    @Test
    void pathsAreRenderedInTheDocumentsOwnNames() {
        RuleProblem problem = new RuleProblem(Kind.IDENTITY, "displayName", "empty");
        assertThat(problem.jsonPath("$.resources[0].properties", name -> name)).isEqualTo(
                "$.resources[0].properties.displayName");
        assertThat(problem.jsonPath("$", name -> name.equals("displayName") ? "name" : name)).isEqualTo("$.name");
    }
}
