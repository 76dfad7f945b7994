package io.secai.kql.examples;

import io.secai.api.Artifact;
import io.secai.api.TaskContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a KQL task tells the user about its example library, the same in every plugin that has one: a progress line
 * and an evidence artifact for the tables the nearest examples voted for, and for the examples shown to the model.
 * Nothing is reported when there was nothing (no library, no votes, no examples), so a plugin without a library
 * reports exactly what it did before.
 */
public final class ExampleEvidence {
    /** The artifact naming the tables the nearest examples read, with their votes and examples. */
    public static final String VOTES = "Library table votes";
    /** The artifact naming the examples that went into the prompt. */
    public static final String EXAMPLES = "Library examples used";

    private ExampleEvidence() {
    }

    /**
     * @param votes the votes that moved the shortlist, strongest first (none: nothing is reported)
     * @param context the task's context
     */
    public static void votes(List<ExampleVotes.Vote> votes, TaskContext context) {
        if (votes.isEmpty()) {
            return;
        }
        String described = describe(votes);
        context.progress("Tables read by the nearest library examples: " + described);
        context.artifact(Artifact.of(Artifact.Kind.OTHER, VOTES, described));
    }

    /**
     * @param picked the examples in the prompt, best first (none: nothing is reported)
     * @param context the task's context
     */
    public static void examples(List<KqlExample> picked, TaskContext context) {
        if (picked.isEmpty()) {
            return;
        }
        String used = String.join(", ", picked.stream().map(KqlExample::id).toList());
        context.progress("Library examples in the prompt: " + used);
        context.artifact(Artifact.of(Artifact.Kind.OTHER, EXAMPLES, used));
    }

    /**
     * @param votes the votes, strongest first
     * @return "AWSCloudTrail 0.83 (aws/stop.kql, rules/trail.yaml), SigninLogs 0.12 (...)": the strongest five
     *     tables, each with its first three examples (a long list would bury the line)
     */
    public static String describe(List<ExampleVotes.Vote> votes) {
        List<String> parts = new ArrayList<>();
        for (ExampleVotes.Vote vote : votes.subList(0, Math.min(5, votes.size()))) {
            List<String> ids = vote.examples();
            String named = String.join(", ", ids.subList(0, Math.min(3, ids.size())))
                    + (ids.size() > 3 ? ", +" + (ids.size() - 3) : "");
            parts.add(String.format(Locale.ROOT, "%s %.2f (%s)", vote.table(), vote.vote(), named));
        }
        return String.join(", ", parts);
    }
}
