package io.secai.plugin.rules.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution.CommandIO;
import io.secai.plugin.rules.Rules;
import io.secai.plugin.rules.export.ArmTemplate;
import io.secai.plugin.rules.export.BicepTemplate;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.testkit.plugin.TestPluginContext;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code secai rule check} as a pipeline sees it: its lines and its exit code. */
class RuleCommandTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.reset();
        err.reset();
        CommandIO io = CommandIO.of(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                TestPluginContext.of(Map.of()));
        return new RuleCommand(json, AttackMatrix.bundled()).run(List.of(args), io);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void goodFilesExitZeroAProblemExitsOneAnUnreadableFileTwo() throws Exception {
        Path arm = Files.writeString(dir.resolve("good.json"), new ArmTemplate(json).write(Rules.valid()));
        Path bicep = Files.writeString(dir.resolve("good.bicep"), new BicepTemplate(json).write(Rules.valid()));
        Path bad = Files.writeString(dir.resolve("bad.json"), new ArmTemplate(json).write(Rules.change()
                .schedule("PT1H", "PT10M").build()));

        assertThat(run("check", arm.toString(), bicep.toString())).as(err.toString()).isZero();
        assertThat(out().lines()).containsExactly(arm + ": no problems", bicep + ": no problems");

        assertThat(run("check", arm.toString(), bad.toString())).isEqualTo(1);
        assertThat(out().lines()).containsExactly(arm + ": no problems",
                bad + ": $.resources[0].properties.queryPeriod: [PERIOD_BELOW_FREQUENCY] the query period PT10M "
                        + "(10 minutes) is shorter than the frequency PT1H (1 hour), so events between runs would "
                        + "never be seen; make the period at least the frequency");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 problem in 2 files.");

        assertThat(run("check", bad.toString(), dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.json: no such file");
    }

    @Test
    void externaldataPassesOnlyUnderAnAllowUrlPrefix() throws Exception {
        String query = "externaldata(Account:string, Computer:string, Deleted:long) "
                + "[\"https://feeds.example.org/ti/deletions.csv\"]\n| project Account, Computer, Deleted";
        Path file = Files.writeString(dir.resolve("feed.json"), new ArmTemplate(json).write(Rules.change()
                .query(query).build()));

        assertThat(run("check", file.toString())).isEqualTo(1);
        assertThat(out()).contains("[QUERY_GUARD]", "--allow-url");
        assertThat(run("check", "--allow-url", "https://feeds.example.org/ti/", file.toString())).as(out())
                .isZero();
        assertThat(run("check", "--allow-url")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--allow-url needs a URL prefix");
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() {
        List<List<String>> wrong = new ArrayList<>(List.of(List.of(), List.of("verify", "x.json"),
                List.of("check"), List.of("check", "--nope", "x.json"), List.of("check", "--schema")));
        for (List<String> args : wrong) {
            assertThat(run(args.toArray(String[]::new))).as("%s", args).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", args)
                    .contains("Usage: secai rule check");
        }
    }
}
