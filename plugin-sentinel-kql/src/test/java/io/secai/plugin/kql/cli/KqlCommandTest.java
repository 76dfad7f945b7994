package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KqlCommandTest {
    @TempDir
    Path folder;

    private record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContribution.CommandIO io = new CommandContribution.CommandIO(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        int code = new KqlCommand(new ObjectMapper(), refresh -> {
            throw new AssertionError("no refresh expected");
        }).run(List.of(args), io);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path seedShapedSchema() throws Exception {
        Path schema = folder.resolve("schema.json");
        Files.writeString(schema, """
                {"SecurityIncident": "TimeGenerated:datetime, IncidentNumber:int, Title:string, Status:string",
                 "SigninLogs": "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string"}""");
        return schema;
    }

    @Test
    void checkWritesOneVerdictPerQueryAndFailsWhenAnyIsFlagged() throws Exception {
        Run run = run("""
                "SecurityIncident | where Status == 'New' | project IncidentNumber, Title"
                "SigninLogs | where Country == 'NL'"
                ".drop table SigninLogs"
                """, "check", "--schema", seedShapedSchema().toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().toList()).containsExactly(
                "{\"tables\":[\"SecurityIncident\"],\"columns\":[\"Status\",\"IncidentNumber\",\"Title\"],"
                        + "\"flags\":[]}",
                "{\"tables\":[\"SigninLogs\"],\"columns\":[],\"flags\":[\"unknown column 'Country' (not in"
                        + " SigninLogs)\"]}",
                "{\"tables\":[],\"columns\":[],\"flags\":[\"management commands are not allowed (the query starts"
                        + " with '.drop'); only read-only queries run\"]}");
    }

    @Test
    void shortlistRanksTablesForEachQuestion() throws Exception {
        Run run = run("{\"context\": \"failed sign-ins of alice from IP 203.0.113.7\"}\n",
                "shortlist", "--schema", seedShapedSchema().toString(), "--top", "1");

        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo(
                "{\"context\":\"failed sign-ins of alice from IP 203.0.113.7\",\"tables\":[\"SigninLogs\"]}");
    }

    @Test
    void badInputGetsAClearMessage() throws Exception {
        Run run = run("not json\n", "check", "--schema", seedShapedSchema().toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 1 is not JSON");
        assertThat(run("", "check", "--schema", folder.resolve("missing.json").toString()).err())
                .contains("no schema file at");
        assertThat(run("", "shortlist").code()).isEqualTo(2);
    }
}
