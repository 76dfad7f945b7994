package io.secai.plugin.rules.query;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.rules.Rules;
import io.secai.plugin.rules.validate.QueryInspector.QueryView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The KQL library's guard and lexer applied to rule queries: flags split by kind, and the columns a query returns. */
class KqlQueryInspectorTest {
    private static final WorkspaceSchema SCHEMA = WorkspaceSchema.of(List.of(
            table("SecurityEvent", "TimeGenerated", "EventID", "Account", "Computer", "ObjectName", "IpAddress"),
            table("SigninLogs", "TimeGenerated", "UserPrincipalName", "IPAddress", "ResultType")));
    private final KqlQueryInspector withSchema = new KqlQueryInspector(SCHEMA);
    private final KqlQueryInspector withoutSchema = new KqlQueryInspector(WorkspaceSchema.of(List.of()));

    private static TableInfo table(String name, String... columns) {
        return new TableInfo(name, "", java.util.Arrays.stream(columns).map(c -> new ColumnInfo(c, "string"))
                .toList(), List.of());
    }

    private Optional<Set<String>> output(String kql) {
        return withSchema.inspect(kql).outputColumns();
    }

    @Test
    void summarizeReturnsItsGroupsAndAggregatesWhateverTheSchema() {
        QueryView view = withoutSchema.inspect(Rules.QUERY);

        assertThat(view.guardFlags()).isEmpty();
        assertThat(view.outputColumns()).contains(Set.of("Deleted", "Objects", "Account", "Computer",
                "TimeGenerated"));
    }

    @Test
    void projectExtendRenameAwayAndParseAreFollowedFromTheTablesColumns() {
        assertThat(output("SecurityEvent | where EventID == 4726")).contains(Set.of("TimeGenerated", "EventID",
                "Account", "Computer", "ObjectName", "IpAddress"));
        assertThat(output("SecurityEvent | project Account, Host = Computer")).contains(Set.of("Account", "Host"));
        assertThat(output("SecurityEvent | project-away IpAddress, ObjectName | extend Domain = tostring(1)"))
                .contains(Set.of("TimeGenerated", "EventID", "Account", "Computer", "Domain"));
        assertThat(output("SigninLogs | project-rename Upn = UserPrincipalName | project-keep Upn, IPAddress"))
                .contains(Set.of("Upn", "IPAddress"));
        assertThat(output("SigninLogs | parse UserPrincipalName with Name:string \"@\" Domain | distinct Name, Domain"))
                .contains(Set.of("Name", "Domain"));
        assertThat(output("SigninLogs | summarize count(), dcount(IPAddress), arg_max(TimeGenerated, *) by "
                + "UserPrincipalName")).contains(Set.of("count_", "dcount_IPAddress", "TimeGenerated",
                "UserPrincipalName", "IPAddress", "ResultType"));
        assertThat(output("let fails = SigninLogs | where ResultType != \"0\";\nfails | count"))
                .contains(Set.of("Count"));
    }

    @Test
    void whatCannotBeKnownIsUnknownNotGuessed() {
        assertThat(withoutSchema.inspect("SecurityEvent | where EventID == 1").outputColumns()).isEmpty();
        assertThat(output("SecurityEvent | join (SigninLogs) on $left.Account == $right.UserPrincipalName")).isEmpty();
        assertThat(output("SecurityEvent | evaluate bag_unpack(ObjectName)")).isEmpty();
        assertThat(output("SecurityEvent | project tolower(Account)")).isEmpty();
        assertThat(output("union SecurityEvent, SigninLogs")).isEmpty();
        assertThat(output("let a = a; a")).isEmpty();
    }

    @Test
    void guardAndSchemaFlagsAreToldApart() {
        QueryView management = withSchema.inspect(".drop table SecurityEvent");
        assertThat(management.guardFlags()).isNotEmpty();

        QueryView outside = withSchema.inspect("externaldata(x:string) [\"https://example.com/a.csv\"]");
        assertThat(outside.guardFlags()).anySatisfy(flag -> assertThat(flag).contains("externaldata"));

        QueryView unknown = withSchema.inspect("SecurityEvents | where Acount == \"x\"");
        assertThat(unknown.guardFlags()).isEmpty();
        assertThat(unknown.schemaFlags()).anySatisfy(flag -> assertThat(flag).startsWith("unknown table"));
    }

    @Test
    void externaldataIsReadOnlyFromAllowedPrefixesAndTheRefusalNamesThisPluginsSetting() {
        String feed = "externaldata(Account:string) [\"https://feeds.example.org/ti/bad-accounts.csv\"]\n"
                + "| project Account";
        assertThat(withSchema.inspect(feed).guardFlags()).singleElement().satisfies(flag -> assertThat(flag)
                .contains("plugins.detection-rules.externaldata.allow-urls", "--allow-url")
                .doesNotContain("sentinel-kql"));

        KqlQueryInspector allowing = new KqlQueryInspector(SCHEMA, List.of("https://feeds.example.org/ti/"));
        assertThat(allowing.inspect(feed).guardFlags()).isEmpty();
        assertThat(allowing.inspect(feed.replace("/ti/", "/other/")).guardFlags()).hasSize(1);
        assertThat(allowing.inspect(feed.replace("/ti/", "/ti/../other/")).guardFlags()).hasSize(1);
    }

    @Test
    void noRowCapIsAddedToARulesQuery() {
        assertThat(withSchema.inspect("SecurityEvent").guardFlags()).isEmpty();
    }

    @Test
    void hostileQueriesEndQuicklyWithAnAnswer() {
        String deep = "SecurityEvent | project " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        assertThat(withSchema.inspect(deep).outputColumns()).isEmpty();
        String longLets = "let a0 = SecurityEvent;\n" + java.util.stream.IntStream.range(1, 2_000)
                .mapToObj(i -> "let a" + i + " = a" + (i - 1) + ";\n").reduce("", String::concat) + "a1999";
        assertThat(withSchema.inspect(longLets).outputColumns()).as("let chains are followed only so deep")
                .isEmpty();
        assertThat(withSchema.inspect("SecurityEvent | where x == \"unterminated").outputColumns()).isEmpty();
    }
}
