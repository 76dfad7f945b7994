package io.secai.kql.guard;

import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code workspace("...")} passes the guard only between configured workspaces and only when cross-workspace queries
 * are on; the alias becomes the workspace's id in the query that runs; every other cross-resource reference stays
 * refused, and a name the guard cannot read as one literal is refused too.
 */
class CrossWorkspaceGuardTest {
    private static final String EMEA_ID = "0b4c6a1f-0d1e-4c39-9a57-2b1f0c3d4e01";
    private static final String US_ID = "0b4c6a1f-0d1e-4c39-9a57-2b1f0c3d4e02";
    private static final WorkspaceSchema HOME = schema(new TableInfo("SecurityEvent", "",
            SchemaFiles.parseCslColumns("TimeGenerated:datetime, Account:string, EventID:int"), List.of()));
    private static final WorkspaceSchema EMEA = schema(
            new TableInfo("SecurityEvent", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, Account:string, EventID:int"), List.of()),
            new TableInfo("EmeaOnlyLog", "", SchemaFiles.parseCslColumns("TimeGenerated:datetime, Site:string"),
                    List.of()));
    private static final CrossWorkspace.Target EMEA_TARGET =
            new CrossWorkspace.Target("emea", EMEA_ID, Set.of("law-emea-prod"), EMEA);
    private static final CrossWorkspace.Target US_TARGET =
            new CrossWorkspace.Target("us", US_ID, Set.of(), WorkspaceSchema.of(List.of()));

    private static WorkspaceSchema schema(TableInfo... tables) {
        return WorkspaceSchema.of(List.of(tables));
    }

    private static KqlGuard guard(boolean allowed, CrossWorkspace.Target... targets) {
        return new KqlGuard(HOME, GuardOptions.defaults().withCrossWorkspace(
                new CrossWorkspace(allowed, List.of(targets))));
    }

    @Test
    void aConfiguredWorkspaceIsRefusedWhileTheSettingIsOffAndTheMessageNamesTheSetting() {
        GuardReport report = guard(false, EMEA_TARGET).check(
                "union SecurityEvent, workspace(\"emea\").SecurityEvent | take 5");
        assertThat(report.passed()).isFalse();
        assertThat(report.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.kind()).isEqualTo(GuardReport.Kind.CROSS_RESOURCE);
            assertThat(refusal.message()).contains("configured workspace 'emea'",
                    "plugins.sentinel-kql.allow-cross-workspace = true");
        });
    }

    @Test
    void anUnconfiguredWorkspaceIsRefusedNamingTheAliasSettingEvenWhenAllowed() {
        GuardReport off = guard(false, EMEA_TARGET).check("workspace('other').SecurityEvent | take 5");
        assertThat(off.flags()).singleElement().asString()
                .contains("'workspace()' refers to \"other\"", "not a configured workspace (configured: emea)",
                        "azure.workspaces.<alias>");
        GuardReport on = guard(true, EMEA_TARGET).check("workspace('other').SecurityEvent | take 5");
        assertThat(on.flags()).singleElement().asString()
                .contains("'workspace()' refers to \"other\", which is not a configured workspace (configured: emea)");
    }

    @Test
    void allowedBetweenConfiguredWorkspacesByAliasNameOrIdAndTheIdIsWhatRuns() {
        KqlGuard guard = guard(true, EMEA_TARGET, US_TARGET);
        for (String reference : List.of("emea", "EMEA", "law-emea-prod", EMEA_ID, EMEA_ID.toUpperCase())) {
            GuardReport report = guard.check("union SecurityEvent, workspace('" + reference + "').SecurityEvent"
                    + "\n| where EventID == 4625");
            assertThat(report.flags()).as(reference).isEmpty();
            assertThat(report.guardedQuery()).isEqualTo("union SecurityEvent, workspace(\"" + EMEA_ID
                    + "\").SecurityEvent\n| where EventID == 4625\n| take 100");
            assertThat(report.notes()).anyMatch(note -> note.contains("emea (" + EMEA_ID + ")"));
        }
        // A render after the cap keeps its place; the id replaces the alias wherever it stands.
        GuardReport rendered = guard.check("workspace(@'us').SecurityEvent | summarize count() by Account"
                + " | render barchart");
        assertThat(rendered.guardedQuery()).isEqualTo("workspace(\"" + US_ID + "\").SecurityEvent | summarize"
                + " count() by Account \n| take 100\n| render barchart");
    }

    @Test
    void aTableIsCheckedAgainstTheReferencedWorkspacesOwnSchema() {
        KqlGuard guard = guard(true, EMEA_TARGET);
        assertThat(guard.check("workspace('emea').EmeaOnlyLog | where Site == 'Paris'").flags()).isEmpty();
        assertThat(guard.check("EmeaOnlyLog | take 1").flags())
                .containsExactly("unknown table 'EmeaOnlyLog'");
        assertThat(guard.check("workspace('emea').HomeOnlyLog | take 1").flags())
                .containsExactly("unknown table 'HomeOnlyLog' in the workspace 'emea'");
        assertThat(guard.check("workspace('emea').EmeaOnlyLog | where Nope == 1").flags())
                .containsExactly("unknown column 'Nope' (not in emea.EmeaOnlyLog)");
        assertThat(guard.check("workspace('emea').EmeaOnlyLog | where site == 'Paris'").flags())
                .containsExactly("unknown column 'site' (not in emea.EmeaOnlyLog); did you mean 'Site'?");
    }

    @Test
    void otherCrossResourceFunctionsStayRefusedWhateverTheSetting() {
        KqlGuard guard = guard(true, EMEA_TARGET);
        for (String query : List.of("app('emea').requests | take 1", "cluster('emea').database('x').T | take 1",
                "database('emea').T | take 1", "adx('https://help.kusto.windows.net/Samples').T | take 1",
                "resource('/subscriptions/x').T | take 1", "arg('').Resources | take 1",
                "union SecurityEvent, workspace('emea').SecurityEvent, app('x').requests | take 1")) {
            GuardReport report = guard.check(query);
            assertThat(report.passed()).as(query).isFalse();
            assertThat(report.flags()).as(query).anyMatch(flag -> flag.contains("no setting allows it"));
        }
    }

    @Test
    void aNameTheGuardCannotReadAsOneLiteralIsRefused() {
        KqlGuard guard = guard(true, EMEA_TARGET);
        for (String query : List.of(
                "workspace('em' + 'ea').SecurityEvent | take 1",
                "workspace(strcat('em', 'ea')).SecurityEvent | take 1",
                "workspace('em' 'ea').SecurityEvent | take 1",
                "let w = 'emea'; workspace(w).SecurityEvent | take 1",
                "workspace(tostring('emea')).SecurityEvent | take 1",
                "workspace().SecurityEvent | take 1",
                "workspace('emea', 'us').SecurityEvent | take 1",
                "['workspace']('em' + 'ea').SecurityEvent | take 1")) {
            GuardReport report = guard.check(query);
            assertThat(report.passed()).as(query).isFalse();
            assertThat(report.refusals()).as(query).extracting(GuardReport.Refusal::kind)
                    .contains(GuardReport.Kind.CROSS_RESOURCE);
        }
    }

    @Test
    void oddUnicodeAndQuotesInAReferenceMatchNothingAndAreShownEscaped() {
        KqlGuard guard = guard(true, EMEA_TARGET);
        // A Cyrillic "е" looks like the alias but is another name; a bidi override and a zero-width joiner too.
        for (String reference : List.of("\"\u0435mea\"", "\"em\u200dea\"", "\"\u202eaeme\"", "\"emea\\u0000\"",
                "\"emea\\\"\"", "'emea\\''", "@'em''ea'", "\" emea\"")) {
            GuardReport report = guard.check("workspace(" + reference + ").SecurityEvent | take 1");
            assertThat(report.passed()).as(reference).isFalse();
            assertThat(report.flags()).as(reference).singleElement().asString()
                    .doesNotContain("\u200d", "\u202e", "\u0000").contains("is not a configured workspace");
        }
        assertThat(ReadOnlyPolicy.printable("a\u202eb\"c")).isEqualTo("a\\u202eb\\u0022c");
    }

    @Test
    void manyConfiguredWorkspacesAreFoundAndAQueryOverMoreThanTheServiceAllowsIsRefused() {
        List<CrossWorkspace.Target> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(new CrossWorkspace.Target("ws" + i, String.format("00000000-0000-0000-0000-%012d", i),
                    Set.of(), WorkspaceSchema.of(List.of())));
        }
        KqlGuard guard = new KqlGuard(HOME, GuardOptions.defaults().withCrossWorkspace(new CrossWorkspace(true,
                many)));
        assertThat(guard.check("workspace('ws499').SecurityEvent | take 1").guardedQuery())
                .contains("00000000-0000-0000-0000-000000000499");
        StringBuilder union = new StringBuilder("union SecurityEvent");
        for (int i = 0; i < 9; i++) {
            union.append(", workspace('ws").append(i).append("').SecurityEvent");
        }
        assertThat(guard.check(union + " | take 1").flags()).isEmpty();
        assertThat(guard.check(union + ", workspace('ws9').SecurityEvent | take 1").flags())
                .singleElement().asString().contains("more than 10 workspaces");
    }

    @Test
    void withoutConfiguredWorkspacesTheGuardRefusesAsBefore() {
        GuardReport report = new KqlGuard(HOME, GuardOptions.defaults())
                .check("workspace('other').SecurityEvent | take 5");
        assertThat(report.refusals()).extracting(GuardReport.Refusal::kind)
                .containsExactly(GuardReport.Kind.CROSS_RESOURCE);
        // The broader, older switch still lets every reference through, unchanged.
        GuardReport broad = new KqlGuard(HOME, new GuardOptions(100, true, true))
                .check("workspace('other').SecurityEvent | take 5");
        assertThat(broad.flags()).isEmpty();
        assertThat(broad.guardedQuery()).isEqualTo("workspace('other').SecurityEvent | take 5");
    }
}
