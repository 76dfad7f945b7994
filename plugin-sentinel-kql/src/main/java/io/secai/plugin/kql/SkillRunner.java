package io.secai.plugin.kql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.ResultTable;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.skill.KqlSkill;
import io.secai.kql.skill.SkillParameters;
import io.secai.kql.skill.SkillInputException;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.query.QueryOutcome;
import io.secai.plugin.kql.query.QueryRejectedException;
import io.secai.plugin.kql.query.ResultContext;

/**
 * Runs a KQL skill: the task's inputs become literals of their declared types, the filled query goes through the
 * same guard as a generated one, and the rows come back as a typed table. No model call: the query is the skill's.
 */
final class SkillRunner {
    private final KqlSettings settings;

    SkillRunner(KqlSettings settings) {
        this.settings = settings;
    }

    /**
     * @param skill a skill
     * @return the capability the planner sees: the skill's name and description, its inputs as parameters
     */
    static Capability capability(KqlSkill skill) {
        List<Capability.Parameter> parameters = SkillParameters.of(skill.inputs());
        return Capability.of(skill.name(), skill.description() + " (a saved KQL query; fill its inputs)",
                parameters);
    }

    TaskResult run(KqlSkill skill, Map<String, String> inputs, TaskContext context, WorkspaceSchema schema,
                   LogAnalytics logs) {
        String query;
        try {
            query = skill.query(inputs);
        } catch (SkillInputException e) {
            return TaskResult.failed("The skill " + skill.name() + " was not run: " + e.getMessage());
        }
        GuardReport report = new KqlGuard(schema, settings.guardOptions(false)).check(query);
        if (!report.passed()) {
            return TaskResult.builder().status(TaskResult.Status.FAILED)
                    .markdown("The skill " + skill.name() + " was not run because its query failed the guard: "
                            + String.join("; ", report.flags()) + ".")
                    .artifact(Artifact.of(Artifact.Kind.QUERY, "KQL (refused)", query))
                    .build();
        }
        Artifact shown = Artifact.query(report.guardedQuery());
        context.artifact(shown);
        context.throwIfCancelled();
        context.progress("Running the skill " + skill.name() + " on Log Analytics");
        QueryOutcome outcome;
        try {
            outcome = logs.query(report.guardedQuery(), Optional.empty());
        } catch (QueryRejectedException rejected) {
            return TaskResult.builder().status(TaskResult.Status.FAILED)
                    .markdown("Log Analytics rejected the query of the skill " + skill.name() + ": "
                            + rejected.serviceText())
                    .artifact(shown).build();
        }
        ResultTable rows = outcome.table();
        TaskResult.Builder result = TaskResult.builder()
                .markdown("Skill " + skill.name() + ": " + (rows.rows().size() == 1 ? "1 row."
                        : rows.rows().size() + " rows."))
                .table(rows)
                .artifact(shown)
                .contextText(ResultContext.render(report.guardedQuery(), rows, settings.contextMaxRows(),
                        settings.contextMaxChars()));
        outcome.warnings().forEach(result::warning);
        report.notes().forEach(result::warning);
        return result.build();
    }
}
