package io.secai.plugin.kql;

import io.secai.api.Artifact;
import io.secai.api.LlmClient;
import io.secai.api.ResultTable;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.generate.GeneratedKql;
import io.secai.kql.generate.KqlRepairLoop;
import io.secai.kql.generate.KqlRepairLoop.Attempt;
import io.secai.kql.guard.CrossWorkspace;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.examples.ExampleEvidence;
import io.secai.kql.examples.ExamplePicker;
import io.secai.kql.examples.ExampleVotes;
import io.secai.kql.examples.KqlExample;
import io.secai.plugin.kql.query.KqlGenerator;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.query.QueryOutcome;
import io.secai.plugin.kql.query.QueryRejectedException;
import io.secai.plugin.kql.query.ResultContext;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Optional;

/**
 * One KQL task from question to result: shortlist the tables and pick library examples, then kql-library's
 * {@link KqlRepairLoop} (ask the model, guard with one repair, run on Log Analytics, send the service's error back
 * up to {@code max-repairs} times); this class runs a guarded query and turns its rows into the task's result.
 */
final class KqlTaskRunner {
    private final WorkspaceSchema schema;
    private final TableShortlist shortlist;
    private final UnaryOperator<List<TableInfo>> describe;
    private final KqlSettings settings;
    private final ExamplePicker examples;
    private final CrossWorkspace crossWorkspace;

    KqlTaskRunner(WorkspaceSchema schema, TableShortlist shortlist, KqlSettings settings) {
        this(schema, shortlist, settings, ExamplePicker.NONE);
    }

    KqlTaskRunner(WorkspaceSchema schema, TableShortlist shortlist, KqlSettings settings, ExamplePicker examples) {
        this(schema, shortlist, settings, examples, CrossWorkspace.none());
    }

    /** @param crossWorkspace the {@code workspace("...")} references the guard lets through */
    KqlTaskRunner(WorkspaceSchema schema, TableShortlist shortlist, KqlSettings settings, ExamplePicker examples,
                  CrossWorkspace crossWorkspace) {
        this(schema, shortlist, settings, examples, crossWorkspace, UnaryOperator.identity());
    }

    /**
     * @param crossWorkspace the {@code workspace("...")} references the guard lets through
     * @param describe describes the picked tables that have no extended description yet (the on-demand build),
     *     or leaves them as they are
     */
    KqlTaskRunner(WorkspaceSchema schema, TableShortlist shortlist, KqlSettings settings, ExamplePicker examples,
                  CrossWorkspace crossWorkspace, UnaryOperator<List<TableInfo>> describe) {
        this.crossWorkspace = crossWorkspace;
        this.describe = describe;
        this.schema = schema;
        this.shortlist = shortlist;
        this.settings = settings;
        this.examples = examples;
    }

    /**
     * @param instruction the task
     * @param context the task's context
     * @param llm the model
     * @param logs the workspace, or empty to generate only
     * @return the result
     */
    TaskResult run(String instruction, TaskContext context, LlmClient llm, Optional<LogAnalytics> logs) {
        boolean generateOnly = logs.isEmpty();
        List<TableInfo> tables = new ArrayList<>();
        ExampleVotes.Ranking ranking = examples.tables(instruction, schema, shortlist, settings.shortlistSize());
        for (String name : ranking.tables()) {
            schema.table(name).ifPresent(tables::add);
        }
        tables = describe.apply(tables);
        context.progress("Tables considered: " + String.join(", ", tables.stream().map(TableInfo::name).toList()));
        ExampleEvidence.votes(ranking.votes(), context);
        List<KqlExample> picked = examples.pick(instruction, schema, tables.stream().map(TableInfo::name).toList());
        ExampleEvidence.examples(picked, context);
        KqlGuard guard = new KqlGuard(schema, settings.guardOptions(generateOnly).withCrossWorkspace(crossWorkspace));
        KqlGenerator generator = new KqlGenerator(llm, instruction, tables, picked, context.session(),
                generateOnly);
        KqlRepairLoop loop = new KqlRepairLoop(guard, settings.maxRepairs(), "Log Analytics", "KQL");
        return loop.run(generator.conversation(), context, guarded -> {
            GuardReport report = guarded.report();
            GeneratedKql generated = guarded.generated();
            // Guard notes and lint warnings travel with the query they are about.
            List<String> warnings = new ArrayList<>(report.notes());
            report.lint().forEach(note -> warnings.add("Lint " + note));
            if (generateOnly) {
                TaskResult.Builder shown = TaskResult.builder()
                        .markdown(generated.rationale().isBlank() ? "KQL generated (not run)."
                                : generated.rationale() + " (not run)")
                        .artifact(guarded.artifact())
                        .contextText("Generated KQL (not run): " + report.guardedQuery());
                warnings.forEach(shown::warning);
                return Attempt.done(shown.build());
            }
            Duration timespan = generated.timespan().orElse(settings.defaultTimespan());
            context.progress("Running KQL on Log Analytics (attempt " + guarded.attempt() + ", time range "
                    + inWords(timespan) + ")");
            try {
                QueryOutcome outcome = logs.get().query(report.guardedQuery(), Optional.of(timespan),
                        (delay, reason) -> context.progress("Log Analytics: " + reason));
                warnings.addAll(outcome.warnings());
                return Attempt.done(success(generated, report, guarded.artifact(), timespan, outcome, warnings));
            } catch (QueryRejectedException rejected) {
                return Attempt.rejected(rejected.serviceText());
            }
        });
    }

    private TaskResult success(GeneratedKql generated, GuardReport report, Artifact query, Duration timespan,
                               QueryOutcome outcome, List<String> warnings) {
        ResultTable rows = outcome.table();
        boolean capped = report.rowCapAdded() && rows.rows().size() >= report.appliedRowCap();
        ResultTable table = ResultTable.of(rows.columns(), rows.rows(), rows.rows().size(), capped);
        if (capped) {
            String setting = report.appliedRowCap() == settings.rowCap() ? "plugins.sentinel-kql.row-cap"
                    : "plugins.sentinel-kql.max-rows";
            warnings.add("Only the first " + report.appliedRowCap() + " rows were fetched (" + setting + ");"
                    + " ask for a narrower query or a summary to see the rest.");
        }
        StringBuilder markdown = new StringBuilder();
        if (!generated.rationale().isBlank()) {
            markdown.append(generated.rationale().strip()).append(' ');
        }
        markdown.append(table.rows().size() == 1 ? "1 row" : table.rows().size() + " rows")
                .append(capped ? " (capped)." : ".");
        TaskResult.Builder result = TaskResult.builder()
                .markdown(markdown.toString())
                .table(table)
                .artifact(query)
                .artifact(Artifact.of(Artifact.Kind.TIMESPAN, "Time range", timespan.toString()))
                .contextText(ResultContext.render(report.guardedQuery(), table, settings.contextMaxRows(),
                        settings.contextMaxChars()));
        warnings.forEach(result::warning);
        return result.build();
    }

    /** A time range for people: {@code 30 days}, not {@code PT720H}. */
    private static String inWords(Duration range) {
        long hours = range.toHours();
        if (hours > 0 && hours % 24 == 0) {
            return hours / 24 + (hours == 24 ? " day" : " days");
        }
        if (hours > 0 && range.toMinutesPart() == 0) {
            return hours + (hours == 1 ? " hour" : " hours");
        }
        long minutes = range.toMinutes();
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
