package io.secai.kql.examples;

import io.secai.api.Artifact;
import io.secai.testkit.plugin.RecordingTaskContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's progress lines and evidence, as both KQL plugins report them. */
class ExampleEvidenceTest {

    @Test
    void nothingIsReportedWithoutVotesOrExamples() {
        RecordingTaskContext context = RecordingTaskContext.builder().build();

        ExampleEvidence.votes(List.of(), context);
        ExampleEvidence.examples(List.of(), context);

        assertThat(context.progressLines()).isEmpty();
        assertThat(context.artifacts()).isEmpty();
    }

    @Test
    void votesNameTheStrongestFiveTablesWithTheirFirstThreeExamples() {
        RecordingTaskContext context = RecordingTaskContext.builder().build();
        List<ExampleVotes.Vote> votes = List.of(
                new ExampleVotes.Vote("AWSCloudTrail", 0.834, List.of("a.kql", "b.kql", "c.kql", "d.kql", "e.kql")),
                new ExampleVotes.Vote("SigninLogs", 0.12, List.of("s.md#1")),
                new ExampleVotes.Vote("T3", 0.05, List.of("x")), new ExampleVotes.Vote("T4", 0.04, List.of("x")),
                new ExampleVotes.Vote("T5", 0.03, List.of("x")), new ExampleVotes.Vote("T6", 0.02, List.of("x")));

        ExampleEvidence.votes(votes, context);

        String expected = "AWSCloudTrail 0.83 (a.kql, b.kql, c.kql, +2), SigninLogs 0.12 (s.md#1), T3 0.05 (x),"
                + " T4 0.04 (x), T5 0.03 (x)";
        assertThat(context.progressLines()).containsExactly("Tables read by the nearest library examples: "
                + expected);
        assertThat(context.artifacts()).containsExactly(Artifact.of(Artifact.Kind.OTHER, ExampleEvidence.VOTES,
                expected));
    }

    @Test
    void examplesAreNamedByTheirIdsBestFirst() {
        RecordingTaskContext context = RecordingTaskContext.builder().build();

        ExampleEvidence.examples(List.of(new KqlExample("spray.kql", "Spray", "", "SigninLogs", List.of()),
                new KqlExample("rules/x.yaml", "X", "", "SecurityAlert", List.of())), context);

        assertThat(context.progressLines()).containsExactly("Library examples in the prompt: spray.kql, rules/x.yaml");
        assertThat(context.artifacts()).containsExactly(Artifact.of(Artifact.Kind.OTHER, ExampleEvidence.EXAMPLES,
                "spray.kql, rules/x.yaml"));
    }

    @Test
    void withoutALibraryThePickerRanksAsTheShortlistAndPicksNothing() {
        var schema = io.secai.kql.schema.WorkspaceSchema.of(List.of(
                new io.secai.kql.schema.TableInfo("SigninLogs", "Sign-in events", List.of(), List.of()),
                new io.secai.kql.schema.TableInfo("SecurityAlert", "Alerts", List.of(), List.of())));
        var shortlist = io.secai.kql.shortlist.TableShortlist.of(schema);
        ExamplePicker none = ExamplePicker.of(new ExampleLibrary(List.of(), note -> { }), 3);

        assertThat(none).isSameAs(ExamplePicker.NONE);
        ExampleVotes.Ranking ranking = none.tables("failed sign-ins", schema, shortlist, 2);
        assertThat(ranking.tables()).isEqualTo(shortlist.rank("failed sign-ins", 2));
        assertThat(ranking.votes()).isEmpty();
        assertThat(none.pick("failed sign-ins", schema, ranking.tables())).isEmpty();
    }
}
