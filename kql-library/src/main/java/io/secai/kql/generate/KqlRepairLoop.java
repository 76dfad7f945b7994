package io.secai.kql.generate;

import io.secai.api.Artifact;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;

/**
 * The loop every plugin that writes and runs KQL goes through: ask the model ({@link KqlConversation}), check the
 * query with the guard (a refused query goes back once with the guard's reasons), run it on the plugin's service,
 * and when the service rejects the query as written send its error back to the model, up to {@code maxRepairs}
 * times. Each step is a progress line; the query is shown as an artifact as soon as it passed the guard. Only the
 * running differs between Sentinel (Log Analytics) and Defender XDR (advanced hunting): a {@link QueryRunner}.
 */
public final class KqlRepairLoop {
    /** Runs a query the guard passed on the plugin's service. */
    @FunctionalInterface
    public interface QueryRunner {
        /**
         * @param query the guarded query and what came with it
         * @return the task's result, or the service's rejection of the query as written (which the model repairs)
         * @throws io.secai.api.ServiceException for any other failure of the service, which ends the task
         */
        Attempt run(GuardedKql query);
    }

    /**
     * A query the guard passed.
     *
     * @param generated the model's proposal
     * @param report the guard's report; {@link GuardReport#guardedQuery()} is the query to run
     * @param artifact the query as already shown to the user (labelled with the attempt after the first)
     * @param attempt 1 for the first query, counting every repair
     */
    public record GuardedKql(GeneratedKql generated, GuardReport report, Artifact artifact, int attempt) {
    }

    /** What running one query came to. */
    public sealed interface Attempt permits Attempt.Done, Attempt.Rejected {
        /** The task is over, well or not; the loop returns this result. */
        record Done(TaskResult result) implements Attempt {
        }

        /** The service refused the query as written; its words (untrusted) go back to the model. */
        record Rejected(String serviceText) implements Attempt {
        }

        static Attempt done(TaskResult result) {
            return new Done(result);
        }

        static Attempt rejected(String serviceText) {
            return new Rejected(serviceText);
        }
    }

    private final KqlGuard guard;
    private final int maxRepairs;
    private final String service;
    private final String writing;

    /**
     * @param guard the guard every query must pass before it runs
     * @param maxRepairs how many times a query the service rejected goes back to the model
     * @param service the service's name as it starts a sentence ("Log Analytics", "Advanced hunting")
     * @param writing what the model writes, for the progress line ("KQL", "advanced-hunting KQL")
     */
    public KqlRepairLoop(KqlGuard guard, int maxRepairs, String service, String writing) {
        this.guard = guard;
        this.maxRepairs = maxRepairs;
        this.service = service;
        this.writing = writing;
    }

    /**
     * @param conversation the task's conversation with the model
     * @param context the task's context, for progress, artifacts and cancellation
     * @param runner runs a query the guard passed
     * @return the runner's result, or a failed result when the guard refused the repaired query or the service
     *     rejected the query more than {@code maxRepairs} times
     */
    public TaskResult run(KqlConversation conversation, TaskContext context, QueryRunner runner) {
        boolean guardRepairUsed = false;
        int repairs = 0;
        int attempt = 1;
        context.throwIfCancelled();
        context.progress("Writing " + writing + " (attempt " + attempt + ")");
        GeneratedKql generated = conversation.next();
        while (true) {
            context.throwIfCancelled();
            GuardReport report = guard.check(generated.kql());
            if (!report.passed()) {
                String reasons = String.join("; ", report.flags());
                if (guardRepairUsed) {
                    return TaskResult.builder().status(TaskResult.Status.FAILED)
                            .markdown("The generated KQL was not run because it failed the guard: " + reasons + ".")
                            .artifact(Artifact.of(Artifact.Kind.QUERY, "KQL (refused)", generated.kql()))
                            .build();
                }
                guardRepairUsed = true;
                attempt++;
                context.progress("The query failed the guard (" + reasons + "); asking the model to fix it"
                        + " (attempt " + attempt + ")");
                conversation.reject("The SecAI guard refused it: " + reasons);
                generated = conversation.next();
                continue;
            }
            Artifact query = attempt == 1 ? Artifact.query(report.guardedQuery())
                    : Artifact.of(Artifact.Kind.QUERY, "KQL, attempt " + attempt, report.guardedQuery());
            context.artifact(query);
            Attempt ran = runner.run(new GuardedKql(generated, report, query, attempt));
            if (ran instanceof Attempt.Done done) {
                return done.result();
            }
            String serviceText = ((Attempt.Rejected) ran).serviceText();
            if (repairs >= maxRepairs) {
                return TaskResult.builder().status(TaskResult.Status.FAILED)
                        .markdown(service + " rejected the query " + (repairs + 1) + " times; the last error: "
                                + serviceText)
                        .artifact(query)
                        .build();
            }
            repairs++;
            attempt++;
            context.progress(service + " rejected the query (" + serviceText + "); asking the model to repair it"
                    + " (repair " + repairs + " of " + maxRepairs + ")");
            conversation.reject(service + " rejected it: " + serviceText);
            generated = conversation.next();
            guardRepairUsed = false;
        }
    }
}
