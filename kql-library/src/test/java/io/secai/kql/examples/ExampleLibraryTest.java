package io.secai.kql.examples;

import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleLibraryTest {
    private static final WorkspaceSchema WORKSPACE = WorkspaceSchema.of(List.of(
            new TableInfo("SigninLogs", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string, ResultType:string,"
                            + " Location:string"), List.of()),
            new TableInfo("AWSCloudTrail", "", SchemaFiles.parseCslColumns(
                    "TimeGenerated:datetime, EventName:string, UserIdentityArn:string, SourceIpAddress:string"),
                    List.of())));

    @TempDir
    Path library;

    private void write(String name, String text) throws Exception {
        Path file = library.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void fixtures() throws Exception {
        write("pages/password-spray.md", """
                # Password spray against Entra ID
                ## Query Information
                #### Description
                Many failed sign-ins from one IP address across many accounts.
                #### References
                - [MITRE](https://attack.mitre.org/techniques/T1110/003/)
                ```bash
                echo not kql
                ```
                ## Sentinel
                ```KQL
                SigninLogs
                | where ResultType == "50126"
                | summarize Users = dcount(UserPrincipalName) by IPAddress
                ```
                ## Defender XDR
                ```kql
                AADSignInEventsBeta
                | where ErrorCode == 50126
                ```
                """);
        write("aws/stop-logging.kql", """
                // CloudTrail logging stopped
                // An AWS principal stopped or deleted a trail, hiding later activity.
                AWSCloudTrail
                | where EventName in ("StopLogging", "DeleteTrail")
                """);
        write("rules/console-no-mfa.yaml", """
                id: 1
                name: AWS console sign-in without MFA
                description: |
                  Console logins to AWS where multi-factor authentication was not used.
                requiredDataConnectors:
                  - connectorId: AWS
                    dataTypes:
                      - AWSCloudTrail
                tactics:
                  - InitialAccess
                relevantTechniques:
                  - T1078
                query: |
                  AWSCloudTrail
                  | where EventName == "ConsoleLogin"
                """);
        write("rules/exfil.yaml", """
                name: External data pull
                description: reads a feed
                query: |
                  externaldata(Ip:string) [@"https://example.org/feed.csv"]
                """);
    }

    @Test
    void readsPagesKqlFilesAndRuleYaml() throws Exception {
        fixtures();
        List<KqlExample> examples = new ExampleReader(n -> { }).read(List.of(library));

        assertThat(examples).extracting(KqlExample::id).containsExactly("aws/stop-logging.kql",
                "pages/password-spray.md#sentinel", "pages/password-spray.md#defender-xdr",
                "rules/console-no-mfa.yaml", "rules/exfil.yaml");
        KqlExample page = examples.get(1);
        assertThat(page.title()).isEqualTo("Password spray against Entra ID");
        assertThat(page.description()).isEqualTo("Many failed sign-ins from one IP address across many accounts.");
        assertThat(page.kql()).startsWith("SigninLogs").doesNotContain("echo");
        KqlExample kqlFile = examples.get(0);
        assertThat(kqlFile.title()).isEqualTo("CloudTrail logging stopped");
        assertThat(kqlFile.description()).startsWith("An AWS principal stopped");
        assertThat(kqlFile.kql()).startsWith("AWSCloudTrail");
        assertThat(examples.get(3).tags()).containsExactly("InitialAccess", "T1078", "AWS", "AWSCloudTrail");
    }

    @Test
    void picksOnlyExamplesThatCanRunOnTheWorkspace() throws Exception {
        fixtures();
        ExampleIndex index = new ExampleLibrary(List.of(library), n -> { }).index(WORKSPACE);

        // The Defender XDR block reads a table this workspace lacks; the feed reads outside data.
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.refused()).isEqualTo(2);
        List<ExampleIndex.Pick> picks = index.pick("Who stopped CloudTrail logging in AWS?", 2,
                List.of("AWSCloudTrail"), Set.of());
        assertThat(picks).first().satisfies(p -> {
            assertThat(p.example().id()).isEqualTo("aws/stop-logging.kql");
            assertThat(p.tables()).containsExactly("AWSCloudTrail");
        });
        assertThat(index.pick("password spray from one IP", 3, List.of("SigninLogs"), Set.of()))
                .extracting(p -> p.example().id()).first().isEqualTo("pages/password-spray.md#sentinel");
        assertThat(index.pick("quantum entanglement", 3, List.of(), Set.of())).isEmpty();
    }

    @Test
    void aSettingEntryThatIsNotAPathIsSkippedWithANoteAndTheOthersAreRead() throws Exception {
        fixtures();
        List<String> notes = new java.util.ArrayList<>();

        ExampleLibrary configured = ExampleLibrary.fromSetting("plugins.x.library",
                List.of("bad\u0000entry\nwith a line break", " ", library.toString()), notes::add);

        assertThat(configured.isConfigured()).isTrue();
        assertThat(configured.examples()).isNotEmpty();
        assertThat(notes).singleElement().asString()
                .startsWith("plugins.x.library entry 'bad?entry?with a line break' is not a path (")
                .endsWith("), skipped");
        assertThat(ExampleLibrary.fromSetting("plugins.x.library", List.of("", "\u0000"), n -> { }).isConfigured())
                .isFalse();
    }

    @Test
    void rereadsTheLibraryOnlyWhenAFileChanges() throws Exception {
        fixtures();
        ExampleLibrary cached = new ExampleLibrary(List.of(library), n -> { });
        ExampleIndex first = cached.index(WORKSPACE);

        assertThat(cached.index(WORKSPACE)).isSameAs(first);
        write("aws/root-use.kql", "// Root account used\nAWSCloudTrail | where UserIdentityArn endswith \":root\"\n");
        ExampleIndex second = cached.index(WORKSPACE);
        assertThat(second).isNotSameAs(first);
        assertThat(second.size()).isEqualTo(4);
    }

    @Test
    void skipsHostileOrBrokenFilesWithANoteAndKeepsTheRest() throws Exception {
        fixtures();
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        laughs.append("query: *j\n");
        write("bad/laughs.yaml", laughs.toString());
        write("bad/huge.kql", "// big\nSigninLogs\n" + "| where 1 == 1\n".repeat(60_000));
        Files.write(library.resolve("bad/latin1.kql"), new byte[] {'/', '/', ' ', (byte) 0xE9, '\n', 'X'});
        write("bad/unterminated.md", "# Open fence\n```kql\nSigninLogs\n| take 1\n");
        write("bad/not-a-map.yaml", "- just\n- a list\n");
        List<String> notes = new ArrayList<>();

        List<KqlExample> examples = new ExampleReader(notes::add).read(List.of(library, library.resolve("absent")));

        assertThat(examples).hasSize(5);
        assertThat(notes).anyMatch(n -> n.startsWith("bad/laughs.yaml: skipped"))
                .anyMatch(n -> n.startsWith("bad/huge.kql: skipped (larger than"))
                .anyMatch(n -> n.equals("bad/latin1.kql: skipped (not UTF-8 text)"))
                .anyMatch(n -> n.endsWith("absent: not a folder, skipped"));
    }
}
