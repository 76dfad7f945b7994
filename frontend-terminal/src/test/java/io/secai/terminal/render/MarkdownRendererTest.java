package io.secai.terminal.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {
    @Test
    void stylesHeadingsEmphasisAndCodeWithAnsi() {
        List<String> lines = new MarkdownRenderer(Style.ANSI).render(
                "# Incidents\n\nThree **new** incidents, see `SecurityIncident`.", 80);

        assertThat(lines.get(0)).isEqualTo("\u001b[1;4;34mIncidents\u001b[0m");
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).contains("\u001b[1mnew\u001b[0m").contains("\u001b[36mSecurityIncident.\u001b[0m"
                .replace(".", "")).contains("Three");
    }

    @Test
    void writesPlainMarkdownWithoutEscapeCodes() {
        List<String> lines = new MarkdownRenderer(Style.PLAIN).render(
                "## Summary\n\n- *one*\n- **two**\n\n1. first\n2. second\n\n> quoted\n\n```kql\nSigninLogs\n| take 5\n```",
                80);

        assertThat(lines).containsExactly("## Summary", "", "- one", "- two", "", "1. first", "2. second", "",
                "| quoted", "", "kql", "    SigninLogs", "    | take 5");
    }

    @Test
    void wrapsParagraphsToTheWidth() {
        String text = "word ".repeat(40).trim();
        List<String> lines = new MarkdownRenderer(Style.PLAIN).render(text, 30);

        assertThat(lines).hasSizeGreaterThan(5);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
        assertThat(String.join(" ", lines)).isEqualTo(text);
    }

    @Test
    void drawsGfmTablesFittedToTheWidth() {
        String md = "| Incident | Title | Severity |\n|---|---|---|\n| 42 | " + "Very long title ".repeat(8)
                + "| High |";
        List<String> lines = new MarkdownRenderer(Style.PLAIN).render(md, 60);

        assertThat(lines.get(0)).startsWith(" Incident | Title").endsWith("| Severity");
        assertThat(lines.get(2)).startsWith(" 42       | Very long title").contains("...").endsWith("| High");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void showsLinkTargetsAndNestedLists() {
        List<String> lines = new MarkdownRenderer(Style.PLAIN).render(
                "See [MITRE](https://attack.mitre.org/).\n\n- outer\n  - inner", 80);

        assertThat(lines).containsExactly("See MITRE (https://attack.mitre.org/).", "", "- outer", "  - inner");
    }

    @Test
    void neutralisesTerminalEscapesFromTheModel() {
        List<String> lines = new MarkdownRenderer(Style.ANSI).render("Hello \u001b[2J\u001b]8;;http://x\u0007world", 80);

        assertThat(String.join("", lines)).doesNotContain("\u001b[2J").doesNotContain("\u0007");
    }

    @Test
    void aBareJsonAnswerKeepsItsLinesInsteadOfBeingReflowed() {
        List<String> lines = new MarkdownRenderer(Style.PLAIN).render(
                "{\n  \"kind\": \"Scheduled\",\n  \"properties\": { \"queryPeriod\": \"PT10M\" }\n}", 30);

        assertThat(lines).containsExactly("json", "    {", "      \"kind\": \"Scheduled\",",
                "      \"properties\": { \"queryPeriod\": \"PT10M\" }", "    }");
    }
}
