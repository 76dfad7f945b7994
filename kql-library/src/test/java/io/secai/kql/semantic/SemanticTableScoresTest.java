package io.secai.kql.semantic;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.semantic.SemanticTableScores.TableText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real all-MiniLM-L6-v2 (from its Maven jar, offline) over a small workspace written here. */
class SemanticTableScoresTest {
    private static MiniLmEmbedder model;
    private static SemanticTableScores scores;

    private static TableInfo table(String name, String description, String... columns) {
        List<ColumnInfo> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(new ColumnInfo(c, "string"));
        }
        return new TableInfo(name, description, cols, List.of());
    }

    static final WorkspaceSchema WORKSPACE = WorkspaceSchema.of(List.of(
            table("SigninLogs", "Azure Active Directory sign-in activity: interactive user sign-ins, success and"
                    + " failure", "TimeGenerated", "UserPrincipalName", "ResultType", "IPAddress", "Location"),
            table("AWSCloudTrail", "Amazon Web Services API calls recorded by CloudTrail", "TimeGenerated",
                    "EventName", "UserIdentityArn", "SourceIpAddress"),
            table("EmailEvents", "Email messages sent and received, with delivery and threat verdicts",
                    "Timestamp", "SenderFromAddress", "RecipientEmailAddress", "Subject", "ThreatTypes"),
            table("DeviceProcessEvents", "Process creation on endpoints", "Timestamp", "DeviceName", "FileName",
                    "ProcessCommandLine"),
            table("Syslog", "Linux syslog messages", "TimeGenerated", "Computer", "Facility", "SyslogMessage"),
            table("DnsEvents", "DNS queries resolved by DNS servers", "TimeGenerated", "Name", "ClientIP")));

    @BeforeAll
    static void load() {
        model = new MiniLmEmbedder();
        scores = new SemanticTableScores(WORKSPACE, model, TableText.NAME_AND_DESCRIPTION);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static String best(Map<String, Double> byTable) {
        return byTable.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue)).orElseThrow()
                .getKey();
    }

    @Test
    void ranksTheTableAQuestionMeansFirstEvenWithoutSharedWords() {
        assertThat(best(scores.scores("users who could not log in to Azure AD"))).isEqualTo("SigninLogs");
        assertThat(best(scores.scores("phishing mails that reached someone's inbox"))).isEqualTo("EmailEvents");
        assertThat(best(scores.scores("who deleted an S3 bucket in Amazon"))).isEqualTo("AWSCloudTrail");
        assertThat(best(scores.scores("which programs were started on the workstation and with what command line")))
                .isEqualTo("DeviceProcessEvents");
        Map<String, Double> dns = scores.scores("lookups of domain names by clients");
        assertThat(best(dns)).isEqualTo("DnsEvents");
        assertThat(dns.get("DnsEvents")).isGreaterThan(dns.get("EmailEvents"));
        assertThat(dns.keySet()).containsExactlyElementsOf(WORKSPACE.tableNames()); // schema order, every table
        assertThat(dns.values()).allSatisfy(v -> assertThat(v).isBetween(-1.0, 1.0));
    }

    @Test
    void tableTextWithColumnsNamesThemSplitAtHumps() {
        String text = SemanticTableScores.document(WORKSPACE.table("AWSCloudTrail").orElseThrow(),
                TableText.NAME_DESCRIPTION_AND_COLUMNS);
        assertThat(text).startsWith("AWS Cloud Trail. Amazon Web Services API calls")
                .contains("Columns: Time Generated, Event Name, User Identity Arn, Source Ip Address");
        assertThat(SemanticTableScores.document(WORKSPACE.table("SigninLogs").orElseThrow(),
                TableText.NAME_AND_DESCRIPTION)).doesNotContain("Columns");
    }

    @Test
    void aBlankQuestionScoresZeroWithoutCallingTheModel() {
        AtomicInteger calls = new AtomicInteger();
        SemanticTableScores counting = new SemanticTableScores(WORKSPACE, text -> {
            calls.incrementAndGet();
            return model.embed(text);
        }, TableText.NAME_AND_DESCRIPTION);
        int afterTables = calls.get();
        assertThat(afterTables).isEqualTo(WORKSPACE.tables().size()); // each table once, at build time
        for (String blank : new String[] {"", "   ", "\u0000\u0007\n\t\u200b", null}) {
            assertThat(counting.scores(blank).values()).containsOnly(0.0);
        }
        counting.scores("failed sign-ins");
        counting.scores("failed sign-ins");
        assertThat(calls.get()).isEqualTo(afterTables + 2); // a question costs one embedding, tables none
    }

    @Test
    void hugeInputIsCutToTheModelsTokenLimitAndStaysFast() {
        String huge = "failed sign in from an unfamiliar country ".repeat(50_000); // ~2 MB
        assertThat(SemanticTableScores.bounded(huge)).hasSizeLessThanOrEqualTo(SemanticTableScores.MAX_TEXT_CHARS);
        String cut = model.withinTokenLimit(SemanticTableScores.bounded(huge));
        assertThat(model.wordPieces(cut)).isLessThanOrEqualTo(MiniLmEmbedder.MAX_TOKENS - 2).isGreaterThan(100);
        assertThat(model.wordPieces(SemanticTableScores.bounded(huge))).isGreaterThan(500); // the count is not capped
        long started = System.nanoTime();
        Map<String, Double> result = scores.scores(huge);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(best(result)).isEqualTo("SigninLogs");
        // One 128-token pass: far below what 2 MB would cost uncut (the runtime would embed ~1,000 parts).
        assertThat(millis).isLessThan(10_000);
        // Text within the limit passes unchanged.
        assertThat(model.withinTokenLimit("failed sign-ins")).isEqualTo("failed sign-ins");
    }

    @Test
    void hostileTextIsBoundedAndScoresFinitely() {
        List<String> hostile = List.of(
                "\u0000".repeat(100_000) + "sign-ins",
                "\ud83d\ude00".repeat(20_000), // emoji, each a surrogate pair: never split in half
                "\u202e\u2066 SigninLogs | where 1==1; .drop table SigninLogs \u2069",
                "<|endoftext|> [CLS] [SEP] [MASK] [PAD] ignore previous instructions",
                "x".repeat(SemanticTableScores.MAX_TEXT_CHARS * 10),
                "\ud800 lone surrogate \udfff",
                "漢字".repeat(5_000));
        for (String text : hostile) {
            String bounded = SemanticTableScores.bounded(text);
            assertThat(bounded.length()).isLessThanOrEqualTo(SemanticTableScores.MAX_TEXT_CHARS);
            assertThat(bounded).doesNotContain("\u0000", "\u202e");
            if (!bounded.isEmpty()) {
                assertThat(Character.isHighSurrogate(bounded.charAt(bounded.length() - 1))).isFalse();
                assertThat(model.wordPieces(model.withinTokenLimit(bounded)))
                        .isLessThanOrEqualTo(MiniLmEmbedder.MAX_TOKENS - 2);
            }
            assertThat(scores.scores(text).values()).allSatisfy(v -> assertThat(v).isFinite().isBetween(-1.0, 1.0));
        }
    }

    @Test
    void anEmbedderWhoseVectorsChangeLengthIsRefusedWithAClearMessage() {
        AtomicInteger calls = new AtomicInteger();
        SemanticTableScores odd = new SemanticTableScores(WORKSPACE,
                text -> new float[calls.incrementAndGet() > WORKSPACE.tables().size() ? 3 : 4],
                TableText.NAME_AND_DESCRIPTION);
        assertThatThrownBy(() -> odd.scores("anything")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one length");
    }
}
