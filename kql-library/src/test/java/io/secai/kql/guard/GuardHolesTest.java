package io.secai.kql.guard;

import io.secai.api.SecAiException;
import io.secai.kql.guard.GuardReport.Kind;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per way the guard used to misread or let through a query. */
class GuardHolesTest {
    private static final WorkspaceSchema SCHEMA = WorkspaceSchema.of(List.of(
            new TableInfo("SecurityIncident", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, IncidentNumber:int, Title:string, Severity:string, Status:string,"
                            + " AlertIds:dynamic, AdditionalData:dynamic"), List.of()),
            new TableInfo("SecurityAlert", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, SystemAlertId:string, AlertName:string, Entities:string"), List.of())));

    private final KqlGuard guard = new KqlGuard(SCHEMA, GuardOptions.defaults());

    private static List<Kind> kinds(GuardReport report) {
        return report.refusals().stream().map(GuardReport.Refusal::kind).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\u2028", "\u2029", "\n", "\r\n"})
    void commentEndedByALineTerminatorDoesNotHideWhatFollows(String end) {
        String head = "SecurityIncident | take 1 // x" + end;
        assertThat(kinds(guard.check(head + "| join (externaldata (x:string) ['https://evil.example/x']) on x")))
                .contains(Kind.EXTERNAL_DATA);
        assertThat(kinds(guard.check("SecurityIncident | take 1; // x" + end + ".drop table SecurityIncident")))
                .isNotEmpty();
        assertThat(kinds(guard.check(head + "| union workspace('other').SecurityIncident")))
                .contains(Kind.CROSS_RESOURCE);
        assertThat(kinds(guard.check(head + "| evaluate http_request('https://evil.example')")))
                .contains(Kind.PLUGIN);
    }

    @Test
    void nextLineIsNotALineTerminatorSoTheCommentGoesOn() {
        GuardReport report = guard.check("SecurityIncident | take 1 // x\u0085| evaluate python()");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void multiLineStringsAreStringsAndCannotSwallowCode() {
        assertThat(guard.check("SecurityIncident | where Title == ```a\nb``` | take 1").passed()).isTrue();
        assertThat(guard.check("SecurityIncident | where Title == ~~~a ``` b~~~ | take 1").passed()).isTrue();
        assertThat(guard.check("SecurityIncident | where Title == ```externaldata``` | take 1").passed()).isTrue();
        assertThat(kinds(guard.check("SecurityIncident | where Title == ```a``` | join (externaldata (x:string)"
                + " ['https://evil.example']) on x"))).contains(Kind.EXTERNAL_DATA);
        assertThat(kinds(guard.check("SecurityIncident | where Title == ```a | take 1")))
                .containsExactly(Kind.UNREADABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SecurityIncident | evaluate python(typeof(*), 'x')",
            "SecurityIncident | evaluate r(typeof(*), 'x')",
            "external_data (x:string) ['https://evil.example/x']",
            "SecurityIncident | evaluate infer_storage_schema('x')",
            "evaluate execute_query('cluster', 'T')",
            "evaluate execute_show_command('cluster', '.show tables')",
            "SecurityIncident | evaluate csharp('x')",
            "evaluate dax_request('x')",
            "external_datatable('x')",
            "SecurityIncident | evaluate some_plugin_nobody_knows()",
            "SecurityIncident | evaluate ['bag_unpack'](AlertIds)",
            "print external_table('x')"})
    void pluginsAndAliasesOffTheReadOnlyListAreRefused(String query) {
        GuardReport report = guard.check(query);
        assertThat(report.passed()).as(query).isFalse();
        assertThat(kinds(report)).containsAnyOf(Kind.PLUGIN, Kind.EXTERNAL_DATA);
    }

    @Test
    void unknownPluginRefusalSaysWhy() {
        assertThat(guard.check("SecurityIncident | evaluate some_plugin()").flags()).singleElement().asString()
                .contains("'evaluate some_plugin'").contains("read-only plugins").contains("bag_unpack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bag_unpack(AdditionalData)", "autocluster()", "basket()", "diffpatterns(Status,"
            + " 'a', 'b')", "pivot(Status)", "narrow()", "preview(10)", "rolling_percentile(IncidentNumber, 50,"
            + " TimeGenerated, 1d, 7)"})
    void readOnlyPluginsPass(String plugin) {
        GuardReport report = guard.check("SecurityIncident | where TimeGenerated > ago(1d) | evaluate " + plugin);
        assertThat(report.flags()).as(plugin).isEmpty();
    }

    @Test
    void namesBuiltByConcatenationInBracketsAreRefused() {
        assertThat(kinds(guard.check("SecurityIncident | project ['Ti' + 'tle']"))).contains(Kind.OBFUSCATION);
        assertThat(kinds(guard.check("SecurityIncident | project ['Ti' 'tle']"))).contains(Kind.OBFUSCATION);
        assertThat(guard.check("SecurityIncident | project ['Title'], [ \"Severity\" ] | take 1").passed())
                .isTrue();
    }

    @Test
    void clientDirectivesAreRefused() {
        assertThat(kinds(guard.check("#connect cluster('x')\nSecurityIncident | take 1")))
                .contains(Kind.OBFUSCATION);
    }

    @Test
    void trueAndFalseAreLiteralsInAnyCase() {
        GuardReport report = guard.check("SecurityIncident | where True and not(False) | extend f = TRUE, g = false"
                + " | take 1");
        assertThat(report.flags()).isEmpty();
    }

    @Test
    void nonBreakingAndOtherUnicodeSpacesAreWhitespace() {
        assertThat(guard.check("SecurityIncident\u00a0|\u2003take\u200b1").flags()).isEmpty();
        assertThat(guard.check("SecurityIncident\ufeff|\u3000take 1").flags()).isEmpty();
    }

    @Test
    void typedLiteralsAreOneTokenAndTheirInsideIsNotCode() {
        assertThat(guard.check("SecurityIncident | where TimeGenerated > datetime(2024-01-01 10:00) and"
                + " IncidentNumber == int(5) | take 1").flags()).isEmpty();
        assertThat(kinds(guard.check("SecurityIncident | where TimeGenerated > datetime(2024-01-01"
                + "\n) | take 1"))).containsExactly(Kind.UNREADABLE);
    }

    @Test
    void repeatedOpenLiteralsAreReadInOnePass() {
        String hostile = "print x = " + "datetime(".repeat(200_000 / 9);
        GuardReport capped = guard.check(hostile);
        assertThat(capped.flags()).singleElement().asString()
                .contains("more than the 100000 the guard reads")
                .contains("plugins.sentinel-kql.max-query-chars")
                .contains("split it into smaller queries or raise the setting");
        KqlGuard roomy = new KqlGuard(SCHEMA, GuardOptions.defaults().withMaxQueryChars(2_000_000));
        assertThat(roomy.check(hostile).flags()).singleElement().asString().contains("unterminated literal");
        assertThat(roomy.check("print x = " + "['".repeat(300_000)).passed()).isFalse();
        assertThat(roomy.check("SecurityIncident | project " + "a_".repeat(300_000) + "1").passed()).isFalse();
        assertThat(roomy.check("SecurityIncident | where Title == " + "(".repeat(1000) + "1").flags())
                .singleElement().asString().contains("nests brackets");
    }

    @Test
    void schemaFileWithNoTablesIsAnError(@TempDir Path folder) throws Exception {
        Path empty = folder.resolve("schema.json");
        Files.writeString(empty, "{}");
        assertThatThrownBy(() -> new SchemaFiles(new ObjectMapper()).read(empty, Optional.empty()))
                .isInstanceOf(SecAiException.class).hasMessageContaining("holds no tables");
    }

    @Test
    void catalogColumnsMissingFromTheSchemaAreRead(@TempDir Path folder) throws Exception {
        Path schema = folder.resolve("schema.json");
        Files.writeString(schema, "{\"DeviceEvents\": \"Timestamp:datetime, DeviceName:string\"}");
        Path catalog = folder.resolve("catalog.yml");
        Files.writeString(catalog, """
                - Name: DeviceEvents
                  Description: Events
                  Columns:
                  - Name: DeviceName
                    Description: The device
                    Type: string
                  - Name: InitiatingProcessId
                    Description: The process
                    Type: Int64?
                """);
        WorkspaceSchema read = new SchemaFiles(new ObjectMapper()).read(schema, Optional.of(catalog));
        KqlGuard withCatalog = new KqlGuard(read, GuardOptions.defaults());
        assertThat(withCatalog.check("DeviceEvents | where InitiatingProcessId > 4 | take 1").flags()).isEmpty();
        assertThat(read.table("DeviceEvents").orElseThrow().columns()).extracting(c -> c.name() + ":" + c.type())
                .contains("InitiatingProcessId:long");
    }

    @Test
    void externalDataPassesOnlyFromAllowedUrlPrefixes() {
        KqlGuard feeds = new KqlGuard(SCHEMA, GuardOptions.defaults()
                .withExternalDataUrls(List.of("https://feeds.example/ti/", "https://raw.example.com")));
        String feed = "externaldata (ip:string) [h@'https://feeds.example/ti/ips.csv'] with (format='csv')"
                + " | take 10";
        assertThat(feeds.check(feed).flags()).isEmpty();
        assertThat(feeds.check("externaldata (ip:string) ['https://raw.example.com/a.csv'] | take 1").flags())
                .isEmpty();
        for (String url : List.of("https://evil.example/x", "https://feeds.example/ti/../../x",
                "https://raw.example.com.evil.net/x", "https://raw.example.com@evil.net/x",
                "https://feeds.example/t")) {
            assertThat(feeds.check("externaldata (ip:string) ['" + url + "'] | take 1").flags()).as(url)
                    .singleElement().asString().contains("plugins.sentinel-kql.externaldata.allow-urls");
        }
        assertThat(guard.check(feed).flags()).singleElement().asString()
                .contains("plugins.sentinel-kql.externaldata.allow-urls").contains("none are allowed now");
    }

    @Test
    void explicitRowCountsAboveTheMaximumAreCapped() {
        GuardReport report = guard.check("SecurityIncident | take 100000");
        assertThat(report.passed()).isTrue();
        assertThat(report.rowCapAdded()).isTrue();
        assertThat(report.guardedQuery()).endsWith("| take 100000\n| take 5000");
        assertThat(report.notes()).singleElement().asString().contains("asks for 100000 rows")
                .contains("caps it at 5000").contains("plugins.sentinel-kql.max-rows");
        assertThat(guard.check("SecurityIncident | top 20000 by TimeGenerated").guardedQuery())
                .endsWith("\n| take 5000");
        assertThat(guard.check("SecurityIncident | take 50").rowCapAdded()).isFalse();
    }

    @Test
    void columnsOfAnotherTableOfTheQueryAndColumnsMadeEarlierAreKnown() {
        assertThat(guard.check("""
                SecurityIncident
                | join kind=inner (SecurityAlert | project SystemAlertId, AlertName) on $left.Title == $right.AlertName
                | extend Score = IncidentNumber * 2
                | summarize Alerts = dcount(SystemAlertId) by Score, AlertName
                | project Alerts, Score, AlertName
                | take 5""").flags()).isEmpty();
        assertThat(guard.check("SecurityIncident | evaluate bag_unpack(AdditionalData) | project alertsCount"
                + " | take 5").flags()).isEmpty();
        assertThat(guard.check("SecurityIncident | project Nonexistent | take 5").flags()).singleElement()
                .asString().contains("unknown column 'Nonexistent'");
    }

    @Test
    void lintNotesCarryRuleIdsAndNeverRefuse() {
        GuardReport report = guard.check("""
                SecurityIncident
                | where Title contains "mimikatz"
                | join (SecurityAlert) on $left.Title == $right.AlertName
                | mv-expand AlertIds
                | take 5""");
        assertThat(report.passed()).isTrue();
        assertThat(report.lint()).extracting(LintNote::ruleId)
                .containsExactly("KQL001", "KQL002", "KQL005", "KQL006");
        assertThat(guard.check("search \"x\" | take 1").lint()).extracting(LintNote::ruleId).contains("KQL003");
        assertThat(guard.check("union * | where TimeGenerated > ago(1d) | take 1").lint())
                .extracting(LintNote::ruleId).containsExactly("KQL004");
        assertThat(guard.check("SecurityIncident | where TimeGenerated > ago(1d) | where Title has 'x' | take 1")
                .lint()).isEmpty();
    }
}
