package io.secai.plugin.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.Artifact;
import io.secai.api.ChatRequest;
import io.secai.api.LlmClient;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.plugin.rules.check.RuleCheck;
import io.secai.plugin.rules.query.KqlQueryInspector;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.RuleValidator;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import io.secai.testkit.plugin.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The create-rule capability over a scripted model: one call for a good rule, one repair for a bad one. */
class DetectionRulesPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Task TASK = Task.of(DetectionRulesPlugin.NAME, DetectionRulesPlugin.CREATE_RULE,
            "Generate the Sentinel analytic rule for the detection above as an ARM template");

    /** The model's answer in the schema's shape: the test rule, with the given changes. */
    static String answer(Map<String, Object> changes) {
        ObjectNode node = JSON.createObjectNode();
        node.put("displayName", "Mass Active Directory object deletion");
        node.put("description", "An account deleted ten or more directory objects within ten minutes.");
        node.put("severity", "High");
        node.put("query", Rules.QUERY);
        node.put("queryFrequency", "PT10M");
        node.put("queryPeriod", "PT10M");
        node.put("triggerOperator", "GreaterThan");
        node.put("triggerThreshold", 0);
        node.put("suppressionEnabled", false);
        node.put("suppressionDuration", "PT5H");
        node.putArray("tactics").add("Impact");
        node.putArray("techniques").add("T1485");
        ObjectNode account = node.putArray("entityMappings").addObject().put("entityType", "Account");
        account.putArray("fieldMappings").addObject().put("identifier", "FullName").put("columnName", "Account");
        node.putArray("customDetails").addObject().put("key", "DeletedObjects").put("column", "Deleted");
        node.putObject("eventGroupingSettings").put("aggregationKind", "SingleAlert");
        changes.forEach((key, value) -> node.set(key, JSON.valueToTree(value)));
        return node.toString();
    }

    private static DetectionRulesPlugin started() {
        DetectionRulesPlugin plugin = new DetectionRulesPlugin();
        plugin.start(TestPluginContext.of(Map.of()));
        return plugin;
    }

    private static RecordingTaskContext context(ScriptedLlmClient model) {
        SessionContext session = SessionContext.of("s", List.of(SessionContext.Turn.of("detect AD deletions",
                List.of(SessionContext.TaskRecord.of(Task.of("gpt", "answer", "detect"),
                        TaskResult.success("```kql\n" + Rules.QUERY + "\n```"))), Instant.EPOCH)), List.of());
        return RecordingTaskContext.builder().session(session).client(LlmClient.class, model).build();
    }

    @Test
    void aGoodRuleTakesOneSchemaCallAndComesWithItsThreeExports() throws Exception {
        ScriptedLlmClient model = new ScriptedLlmClient().answer(request -> answer(Map.of()));
        RecordingTaskContext context = context(model);

        TaskResult result = started().run(TASK, context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(model.requests()).hasSize(1);
        ChatRequest request = model.requests().get(0);
        assertThat(request.responseSchema()).get().extracting(schema -> schema.name()).isEqualTo("analytics_rule");
        assertThat(request.messages().get(1).content()).contains("EventID in (5141, 4726, 4730, 4743)");
        assertThat(result.artifacts()).extracting(Artifact::label)
                .containsExactly("KQL", "ARM template", "Bicep", "Detection YAML");
        String arm = result.artifacts().get(1).value();
        assertThat(result.markdown()).contains("```json\n" + arm);
        RuleCheck check = new RuleCheck(JSON, new RuleValidator(AttackMatrix.bundled(),
                new KqlQueryInspector(io.secai.kql.schema.WorkspaceSchema.of(List.of()))));
        assertThat(check.check(arm)).isEmpty();
        assertThat(check.check(result.artifacts().get(3).value())).isEmpty();
        assertThat(result.contextText()).get().asString().contains("make_set(ObjectName, 50)");
        assertThat(result.warnings()).singleElement().asString().contains("plugins.detection-rules.schema-file");
    }

    @Test
    void aBadPeriodGoesBackOnceWithItsReasonAndTheRepairedRuleIsExported() throws Exception {
        ScriptedLlmClient model = new ScriptedLlmClient()
                .answer(request -> answer(Map.of("queryFrequency", "PT1H", "queryPeriod", "PT10M")))
                .answer(request -> answer(Map.of("queryFrequency", "PT1H", "queryPeriod", "PT1H")));
        RecordingTaskContext context = context(model);

        TaskResult result = started().run(TASK, context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(model.requests()).hasSize(2);
        String repair = model.requests().get(1).messages().get(model.requests().get(1).messages().size() - 1)
                .content();
        assertThat(repair).contains("$.queryPeriod: the query period PT10M (10 minutes) is shorter than the "
                + "frequency PT1H (1 hour)");
        assertThat(model.requests().get(1).messages()).hasSize(4);
        assertThat(result.artifacts().get(1).value()).contains("\"queryPeriod\" : \"PT1H\"");
        assertThat(result.markdown()).contains("fixed in one repair: $.queryPeriod");
        assertThat(context.progressLines()).contains("Repairing the rule: 1 problem");
    }

    @Test
    void aRuleStillBrokenAfterTheRepairFailsWithEveryReasonAndPath() {
        String broken = answer(Map.of("tactics", List.of("Credential Access"), "techniques", List.of("T1485")));
        ScriptedLlmClient model = new ScriptedLlmClient().answer(request -> broken).answer(request -> broken);

        TaskResult result = started().run(TASK, context(model));

        assertThat(result.succeeded()).isFalse();
        assertThat(model.requests()).hasSize(2);
        assertThat(result.markdown()).contains("`$.tactics[0]`: 'Credential Access' is not a tactic",
                "did you mean CredentialAccess?", "`$.techniques[0]`: T1485 (Data Destruction) belongs to Impact");
    }

    @Test
    void anAnswerThatIsNotJsonIsAClearFailure() {
        ScriptedLlmClient model = new ScriptedLlmClient().answer(request -> "Here is your rule: ...");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> started().run(TASK, context(model)))
                .hasMessageContaining("did not answer with an analytics rule");
    }

    @Test
    void withoutAModelTheTaskSaysWhatToConfigure() {
        TaskResult result = started().run(TASK, RecordingTaskContext.builder().build());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("openai.endpoint");
    }

    /** The ATT&CK matrix is read on first use; the first read fails, later ones work. */
    private static java.util.function.Supplier<AttackMatrix> failingOnce(java.util.concurrent.atomic.AtomicInteger reads) {
        return () -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("attack-enterprise.txt is missing from the plugin jar");
            }
            return AttackMatrix.bundled();
        };
    }

    @Test
    void aMatrixThatCannotBeReadOnFirstUseFailsThatTaskClearlyAndTheNextTaskWorks() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        DetectionRulesPlugin plugin = new DetectionRulesPlugin(failingOnce(reads));
        plugin.start(TestPluginContext.of(Map.of()));
        assertThat(reads).as("neither construction nor start reads the matrix").hasValue(0);
        ScriptedLlmClient model = new ScriptedLlmClient().answer(request -> answer(Map.of()));

        TaskResult failed = plugin.run(TASK, context(model));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.markdown()).contains("could not prepare its rule checks",
                "attack-enterprise.txt is missing from the plugin jar", "Nothing was written");
        assertThat(model.requests()).as("the model is not asked").isEmpty();

        TaskResult next = plugin.run(TASK, context(model));
        assertThat(next.succeeded()).as(next.markdown()).isTrue();
        assertThat(model.requests()).hasSize(1);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSelfCheckMeetingAnUnreadableMatrixFailsWithTheReasonAndTheNextOnePasses() {
        DetectionRulesPlugin plugin = new DetectionRulesPlugin(failingOnce(
                new java.util.concurrent.atomic.AtomicInteger()));
        plugin.start(TestPluginContext.of(Map.of()));

        assertThat(plugin.selfCheck()).singleElement().satisfies(check -> {
            assertThat(check.ok()).isFalse();
            assertThat(check.name()).isEqualTo(DetectionRulesPlugin.RULE_CHECKS);
            assertThat(check.detail()).contains("attack-enterprise.txt is missing from the plugin jar");
        });
        assertThat(plugin.selfCheck()).singleElement().satisfies(check -> assertThat(check.ok()).isTrue());
    }
}
