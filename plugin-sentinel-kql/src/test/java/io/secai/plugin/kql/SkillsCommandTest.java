package io.secai.plugin.kql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.kql.skill.SkillFiles;

class SkillsCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void checkSaysWhatIsWrongWithAFileAndPassesAGoodOne() throws IOException {
        Path good = Files.writeString(folder.resolve("good.yaml"), """
                kind: kql
                name: user-signins
                description: Sign-ins of one user
                inputs:
                  - {name: User, type: string}
                  - {name: Lookback, type: timespan, default: 24h}
                  - {name: Since, type: datetime, default: "2026-12-01"}
                  - {name: Codes, type: list, default: "50126"}
                  - {name: Minimum, type: int, default: "0"}
                template: |
                  SigninLogs | where TimeGenerated > ago({{Lookback}}) and TimeGenerated >= {{Since}}
                  | where UserPrincipalName =~ {{User}} and ResultType in ({{Codes}}) and Attempts > {{Minimum}}
                """);
        Path destructive = Files.writeString(folder.resolve("drop.yaml"), """
                kind: kql
                name: drop-table
                description: not a query
                inputs:
                  - {name: Table, type: string}
                template: .drop table {{Table}}
                """);
        Path broken = Files.writeString(folder.resolve("broken.yaml"), """
                kind: kql
                name: broken
                description: a placeholder in a string
                inputs:
                  - {name: User, type: string}
                template: SigninLogs | where UserPrincipalName == "user {{User}}"
                """);

        assertThat(run("check", good.toString())).as(text(err)).isZero();
        assertThat(text(out)).contains("user-signins: OK");
        assertThat(run("check", destructive.toString())).isEqualTo(1);
        assertThat(text(err)).contains(destructive + ": skill drop-table: the query with sample values fails the"
                + " guard");
        assertThat(run("check", broken.toString())).isEqualTo(1);
        assertThat(text(err)).contains(broken + ":2: The placeholder {{User}} sits inside a string");
        assertThat(run("check", folder.resolve("missing.yaml").toString())).isEqualTo(1);
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void listShowsTheSkillsAndTheFilesThatDidNotLoad() throws IOException {
        Files.writeString(folder.resolve("a.yaml"), "kind: kql\nname: incidents\ndescription: new incidents\n"
                + "template: SecurityIncident | take 10\n");
        Files.writeString(folder.resolve("b.yaml"), "kind: kql\nname: [oops\n");
        Files.writeString(folder.resolve("c.yaml"), "kind: api\nname: ip-lookup\n");
        Files.writeString(folder.resolve("d.yaml"), "kind: gpt\nname: brief\ndescription: a brief\n"
                + "inputs:\n  - name: User\ntemplate: Brief on {{User}}\n");
        SkillFiles.Loaded loaded = new SkillFiles().load(List.of(folder));

        int exit = new SkillsCommand(() -> loaded).run(List.of("list"), print(out), print(err));

        assertThat(exit).isZero();
        assertThat(text(out)).contains("incidents  (KQL, workspace default)", "1 KQL skills.",
                "not loaded: " + folder.resolve("b.yaml") + ":2: not valid YAML",
                "not supported: " + folder.resolve("c.yaml") + ": skill ip-lookup (api)",
                "brief  (GPT, run by the gpt plugin)", "  - User: string", "1 GPT skills.");
    }

    private int run(String... args) {
        return new SkillsCommand(() -> new SkillFiles.Loaded(List.of(), List.of(), List.of()))
                .run(List.of(args), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
