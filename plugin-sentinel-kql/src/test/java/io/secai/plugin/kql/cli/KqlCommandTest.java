package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KqlCommandTest {
    @TempDir
    Path folder;

    private record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        return run(refresh -> {
            throw new AssertionError("no refresh expected");
        }, stdin, args);
    }

    private Run run(KqlCommand.SchemaRefresher refresher, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContribution.CommandIO io = CommandContribution.CommandIO.of(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        int code = new KqlCommand(new ObjectMapper(), refresher).run(List.of(args), io);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path seedShapedSchema() throws Exception {
        Path schema = folder.resolve("schema.json");
        Files.writeString(schema, """
                {"SecurityIncident": "TimeGenerated:datetime, IncidentNumber:int, Title:string, Status:string",
                 "SigninLogs": "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string"}""");
        return schema;
    }

    /** Runs {@code kql check} against the seed-shaped schema. */
    private Run check(String queries, String... options) throws Exception {
        return run(queries, withSeedSchema("check", options));
    }

    /** Runs {@code kql shortlist} against the seed-shaped schema. */
    private Run shortlist(String questions, String... options) throws Exception {
        return run(questions, withSeedSchema("shortlist", options));
    }

    private String[] withSeedSchema(String subcommand, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(subcommand, "--schema", seedShapedSchema().toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    @Test
    void checkWritesOneVerdictPerQueryAndFailsWhenAnyIsFlagged() throws Exception {
        Run run = check("""
                "SecurityIncident | where Status == 'New' | project IncidentNumber, Title"
                "SigninLogs | where Country == 'NL'"
                ".drop table SigninLogs"
                """);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().map(KqlCommandTest::verdict).toList()).containsExactly(
                "{\"tables\":[\"SecurityIncident\"],\"columns\":[\"Status\",\"IncidentNumber\",\"Title\"],"
                        + "\"flags\":[]}",
                "{\"tables\":[\"SigninLogs\"],\"columns\":[],\"flags\":[\"unknown column 'Country' (not in"
                        + " SigninLogs)\"]}",
                "{\"tables\":[],\"columns\":[],\"flags\":[\"management commands are not allowed (the query starts"
                        + " with '.drop'); only read-only queries run\"]}");
        assertThat(run.out().lines().toList().get(2)).contains("\"refusals\":[{\"kind\":\"management_command\","
                + "\"policy\":true");
    }

    /** The tables, columns and flags of one answer line, as JSON text. */
    private static String verdict(String line) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(line);
            node.retain("tables", "columns", "flags");
            return node.toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void checkWithACatalogKnowsTheCatalogsColumns() throws Exception {
        Path catalog = folder.resolve("catalog.yml");
        Files.writeString(catalog, """
                - Name: SigninLogs
                  Columns:
                  - Name: Country
                    Type: string
                """);
        assertThat(check("\"SigninLogs | where Country == 'NL' | take 1\"\n", "--catalog", catalog.toString())
                .code()).isZero();
    }

    @Test
    void checkWritesSarifWithRefusalsAsErrorsAndLintAsWarnings() throws Exception {
        Run run = check("""
                "SigninLogs | where UserPrincipalName contains 'alice' | take 1"
                "externaldata (x:string) ['https://feeds.example/ti/ips.csv'] | take 1"
                "externaldata (x:string) ['https://evil.example/x.csv'] | take 1"
                """, "--format", "sarif", "--allow-url", "https://feeds.example/ti/");

        assertThat(run.code()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode log = new ObjectMapper().readTree(run.out());
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        com.fasterxml.jackson.databind.JsonNode results = log.path("runs").get(0).path("results");
        List<String> found = new ArrayList<>();
        results.forEach(r -> found.add(r.path("ruleId").asText() + "@" + r.path("level").asText() + ":"
                + r.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()));
        assertThat(found).contains("KQL001@warning:1", "KQL002@warning:1", "KQL-EXTERNAL-DATA@error:3")
                .noneMatch(f -> f.endsWith("error:2"));
        assertThat(log.path("runs").get(0).path("tool").path("driver").path("rules").toString())
                .contains("contains-where-has-would-do");
    }

    @Test
    void shortlistRanksTablesForEachQuestion() throws Exception {
        Run run = shortlist("{\"context\": \"failed sign-ins of alice from IP 203.0.113.7\"}\n", "--top", "1");

        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo(
                "{\"context\":\"failed sign-ins of alice from IP 203.0.113.7\",\"tables\":[\"SigninLogs\"]}");
    }

    @Test
    void badInputGetsAClearMessage() throws Exception {
        Run run = check("not json\n");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 1 is not JSON");
        assertThat(run("", "check", "--schema", folder.resolve("missing.json").toString()).err())
                .contains("no schema file at");
        assertThat(run("", "shortlist").code()).isEqualTo(2);
    }

    @Test
    void checkWithARowCapAlsoFlagsQueriesThatDoNotBoundTheirRows() throws Exception {
        Run run = check("""
                "SecurityIncident | project Title"

                "SecurityIncident | project Title | take 10"
                """, "--row-cap", "100");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().map(KqlCommandTest::verdict).toList()).containsExactly(
                "{\"tables\":[\"SecurityIncident\"],\"columns\":[\"Title\"],\"flags\":[\"the query does not bound"
                        + " its rows (no take, limit, top or summarize)\"]}",
                "{\"tables\":[\"SecurityIncident\"],\"columns\":[\"Title\"],\"flags\":[]}");
    }

    @Test
    void checkStopsAtALineThatIsNotAQueryNamingItsNumber() throws Exception {
        Run run = check("""
                "SecurityIncident | take 1"
                {"query": "SecurityIncident"}
                "SigninLogs | take 1"
                """);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.err()).contains("line 2 is not a JSON string holding a query");
    }

    @Test
    void shortlistSkipsBlankLinesAndNamesALineWithoutContext() throws Exception {
        Run run = shortlist("""

                {"context": "new incidents"}
                {"question": "new incidents"}
                """, "--top", "1");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().strip()).isEqualTo("{\"context\":\"new incidents\",\"tables\":[\"SecurityIncident\"]}");
        assertThat(run.err()).contains("line 3 has no \"context\" text");
    }

    @Test
    void shortlistNamesAMissingCatalog() throws Exception {
        Path missing = folder.resolve("catalog.yml");

        Run run = shortlist("{\"context\": \"new incidents\"}\n", "--catalog", missing.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no catalog file at " + missing);
    }

    @Test
    void schemaRefreshReportsHowManyTablesItRead() throws Exception {
        WorkspaceSchema schema = new SchemaFiles(new ObjectMapper()).read(seedShapedSchema(), Optional.empty());
        List<Boolean> refreshes = new ArrayList<>();

        Run run = run(refresh -> {
            refreshes.add(refresh);
            return schema;
        }, "", "schema", "refresh");

        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("Workspace schema refreshed: 2 tables.");
        assertThat(refreshes).containsExactly(true);
    }

    @Test
    void aGroupWithoutASubcommandPrintsItsUsage() {
        Run kql = run("");
        Run schema = run("", "schema");

        assertThat(kql.code()).isEqualTo(2);
        assertThat(kql.out()).contains("shortlist", "check", "schema");
        assertThat(schema.code()).isEqualTo(2);
        assertThat(schema.out()).contains("refresh");
    }
}
