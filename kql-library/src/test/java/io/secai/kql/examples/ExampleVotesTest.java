package io.secai.kql.examples;

import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ExampleVotesTest {
    private static TableInfo table(String name, String columns) {
        return new TableInfo(name, "", SchemaFiles.parseCslColumns(columns), List.of());
    }

    private static final WorkspaceSchema WORKSPACE = WorkspaceSchema.of(List.of(
            table("SigninLogs", "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string"),
            table("SecurityEvent", "TimeGenerated:datetime, EventID:int, Account:string, Computer:string"),
            table("OfficeActivity", "TimeGenerated:datetime, Operation:string, UserId:string"),
            table("Syslog", "TimeGenerated:datetime, Facility:string, SyslogMessage:string, HostName:string"),
            table("AWSCloudTrail", "TimeGenerated:datetime, EventName:string, UserIdentityArn:string"),
            table("DeviceProcessEvents", "Timestamp:datetime, DeviceName:string, FileName:string"),
            table("CommonSecurityLog", "TimeGenerated:datetime, DeviceVendor:string, Activity:string")));

    private static final KqlGuard GUARD = new KqlGuard(WORKSPACE, new GuardOptions(0, false, false));
    private static final String QUESTION = "Who switched off the recorder?";

    private static KqlExample example(String id, String title, String kql) {
        return new KqlExample(id, title, "", kql, List.of());
    }

    private final TableShortlist shortlist = TableShortlist.of(WORKSPACE);

    @Test
    void aTableTheWordsMissButTheNearestExampleReadsRanksIn() {
        ExampleIndex index = new ExampleIndex(List.of(
                example("aws/stop.kql", "Recorder switched off",
                        "AWSCloudTrail | where EventName in (\"StopLogging\", \"DeleteTrail\")"),
                example("misc/other.kql", "Failed sign-ins", "SigninLogs | where ResultType != 0")), GUARD, 0);

        assertThat(shortlist.rank(QUESTION, 3)).doesNotContain("AWSCloudTrail");
        ExampleVotes.Ranking voted = new ExampleVotes(index, 5, 2.0).rank(shortlist, QUESTION, 2);

        assertThat(voted.tables()).first().isEqualTo("AWSCloudTrail");
        assertThat(voted.votes()).first().satisfies(v -> {
            assertThat(v.table()).isEqualTo("AWSCloudTrail");
            assertThat(v.examples()).containsExactly("aws/stop.kql");
            assertThat(v.vote()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void withoutALibraryOrWithWeightZeroTheRankingIsTheShortlistsOwn() {
        ExampleIndex empty = new ExampleIndex(List.of(), GUARD, 0);
        ExampleIndex full = new ExampleIndex(List.of(
                example("a.kql", "Recorder switched off", "AWSCloudTrail | take 1"),
                example("b.kql", "Process started on a device", "DeviceProcessEvents | take 1")), GUARD, 0);
        for (String question : List.of(QUESTION, "failed sign-ins from one IP", "process started by winword",
                "", "syslog messages from the firewall", "x".repeat(5000))) {
            for (int limit : new int[] {0, 1, 3, 5, 50}) {
                List<String> alone = shortlist.rank(question, limit);
                assertThat(new ExampleVotes(empty, 5, 2.0).rank(shortlist, question, limit).tables())
                        .isEqualTo(alone);
                ExampleVotes.Ranking off = new ExampleVotes(full, 5, 0).rank(shortlist, question, limit);
                assertThat(off.tables()).isEqualTo(alone);
                assertThat(off.votes()).isEmpty();
            }
        }
    }

    @Test
    void refusedExamplesAndTablesTheWorkspaceLacksGiveNoVote() {
        ExampleIndex index = new ExampleIndex(List.of(
                example("unknown.kql", "Recorder switched off", "CloudAuditLogs | where Op == \"stop\""),
                example("feed.kql", "Recorder switched off feed",
                        "externaldata(Ip:string) [@\"https://example.org/feed.csv\"]"),
                example("drop.kql", "Recorder switched off cleanup", ".drop table AWSCloudTrail"),
                example("mixed.kql", "Recorder switched off join",
                        "AWSCloudTrail | join (CloudAuditLogs) on EventName")), GUARD, 0);

        assertThat(index.size()).isZero();
        ExampleVotes votes = new ExampleVotes(index, 10, 4.0);
        assertThat(votes.votes(QUESTION, Set.of())).isEmpty();
        assertThat(votes.rank(shortlist, QUESTION, 3).tables()).isEqualTo(shortlist.rank(QUESTION, 3));
        // Votes handed in for a table the shortlist does not know are ignored, whatever their size.
        Map<String, Double> scores = shortlist.scores(QUESTION);
        assertThat(ExampleVotes.combine(scores, Map.of("CloudAuditLogs", 1e9), 4.0, 10))
                .doesNotContain("CloudAuditLogs").isEqualTo(shortlist.rank(QUESTION, 10));
    }

    @Test
    void theQuestionsOwnExamplesCanBeExcluded() {
        ExampleIndex index = new ExampleIndex(List.of(
                example("page.md#sentinel", "Recorder switched off", "AWSCloudTrail | take 1")), GUARD, 0);
        ExampleVotes votes = new ExampleVotes(index, 5, 2.0);

        assertThat(votes.votes(QUESTION, Set.of())).extracting(ExampleVotes.Vote::table)
                .containsExactly("AWSCloudTrail");
        assertThat(votes.votes(QUESTION, Set.of("page.md#sentinel"))).isEmpty();
    }

    @Test
    void nearerExamplesWeighMoreAndVotesStayBetweenZeroAndOne() {
        List<ExampleIndex.Pick> nearest = List.of(
                new ExampleIndex.Pick(example("1", "t", "x"), List.of("SigninLogs", "SigninLogs"), 1.0),
                new ExampleIndex.Pick(example("2", "t", "x"), List.of("Syslog"), 1.0),
                new ExampleIndex.Pick(example("3", "t", "x"), List.of("SigninLogs"), 0.5));

        List<ExampleVotes.Vote> votes = ExampleVotes.votes(nearest, 3);

        assertThat(votes).extracting(ExampleVotes.Vote::table).containsExactly("SigninLogs", "Syslog");
        double most = 1 + 1 / 2.0 + 1 / 3.0;
        assertThat(votes.get(0).vote()).isCloseTo((1.0 + 0.5 / 3) / most, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(votes.get(1).vote()).isCloseTo(0.5 / most, org.assertj.core.data.Offset.offset(1e-9));
        // Only the nearest one votes when k = 1.
        assertThat(ExampleVotes.votes(nearest, 1)).extracting(ExampleVotes.Vote::table).containsExactly("SigninLogs");
        assertThatThrownBy(() -> new ExampleVotes(new ExampleIndex(List.of(), GUARD, 0), 5, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExampleVotes(new ExampleIndex(List.of(), GUARD, 0), 5, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeHostileLibraryIsBoundedInNeighboursVotesAndTime() {
        List<KqlExample> examples = new ArrayList<>();
        String allTables = String.join(", ", WORKSPACE.tables().keySet());
        for (int i = 0; i < 3000; i++) {
            examples.add(example("bulk/" + i + ".kql", "Recorder switched off " + "recorder ".repeat(i % 50),
                    "union " + allTables + " | take 1"));
        }
        ExampleIndex index = new ExampleIndex(examples, GUARD, 0);
        assertThat(index.size()).isEqualTo(3000);
        String hugeQuestion = (QUESTION + " ").repeat(2000);

        ExampleVotes.Ranking ranking = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new ExampleVotes(index, Integer.MAX_VALUE, 1e6).rank(shortlist, hugeQuestion, 5));

        assertThat(ranking.tables()).hasSize(5);
        assertThat(ranking.votes()).hasSize(WORKSPACE.tables().size())
                .allSatisfy(v -> {
                    assertThat(v.vote()).isBetween(0.0, 1.0);
                    assertThat(v.examples()).hasSizeLessThanOrEqualTo(ExampleVotes.MAX_NEIGHBOURS);
                });
    }
}
