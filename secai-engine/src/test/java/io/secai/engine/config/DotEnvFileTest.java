package io.secai.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DotEnvFileTest {

    @Test
    void readsTheFormsPythonDotenvAccepts() {
        DotEnvFile file = DotEnvFile.parse(".env", List.of(
                "\uFEFFA=1",
                "export B=two words",
                "C=\"with \\\"escaped\\\" quotes\" # trailing comment",
                "D='single # not a comment'",
                "E=",
                "F=value#kept",
                "# G=commented out"));

        assertThat(file.variables()).containsExactly(
                java.util.Map.entry("A", "1"),
                java.util.Map.entry("B", "two words"),
                java.util.Map.entry("C", "with \"escaped\" quotes"),
                java.util.Map.entry("D", "single # not a comment"),
                java.util.Map.entry("E", ""),
                java.util.Map.entry("F", "value#kept"));
        assertThat(file.warnings()).isEmpty();
    }

    @Test
    void brokenLinesAreReportedByNumberWithoutTheirContent() {
        DotEnvFile file = DotEnvFile.parse(".env", List.of("A=1", "sk-secret-without-key", "=value"));

        assertThat(file.variables()).containsOnlyKeys("A");
        assertThat(file.warnings()).containsExactly(".env line 2 ignored: expected KEY=VALUE",
                ".env line 3 ignored: expected KEY=VALUE");
    }
}
