package io.secai.terminal.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableRendererTest {
    private final TableRenderer plain = new TableRenderer(Style.PLAIN);

    private static List<TableRenderer.Column> columns(String... names) {
        return java.util.Arrays.stream(names).map(n -> new TableRenderer.Column(n, n.equals("count"))).toList();
    }

    @Test
    void drawsATableThatFitsWithEveryCellWhole() {
        List<String> lines = plain.render(columns("id", "title", "count"),
                List.of(List.of("1", "Suspicious sign-in", "3"), List.of("22", "Malware", "140")), 80);

        assertThat(lines).containsExactly(
                " id | title              | count",
                "----+--------------------+------",
                " 1  | Suspicious sign-in |     3",
                " 22 | Malware            |   140");
    }

    @Test
    void narrowsTheWidestColumnAndCutsItsCellsWithAnEllipsis() {
        String longTitle = "Multiple failed sign-in attempts followed by a success from an unfamiliar location";
        List<String> lines = plain.render(columns("id", "title", "severity"),
                List.of(List.of("1", longTitle, "High")), 50);

        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(50));
        assertThat(lines.get(2)).startsWith(" 1  | Multiple failed").contains("...").endsWith("| High");
        assertThat(lines.get(0)).contains("severity");
    }

    @Test
    void cutsALongHeaderOverShortValuesBeforeCuttingValues() {
        List<String> lines = plain.render(List.of(new TableRenderer.Column("IncidentNumber", true),
                new TableRenderer.Column("Title", false)), List.of(List.of("4113", "x".repeat(40))), 55);

        assertThat(lines.get(0)).isEqualTo(" Incident... | Title");
        assertThat(lines.get(2)).isEqualTo("        4113 | " + "x".repeat(40));
    }

    @Test
    void neverCutsAColumnThatMustStayWhole() {
        String id = "01b22742-a806-4179-9b73-b3787271833d";
        List<String> lines = plain.render(List.of(new TableRenderer.Column("id", false, true),
                new TableRenderer.Column("title", false)), List.of(List.of(id, "y".repeat(60))), 60);

        assertThat(lines.get(2)).startsWith(" " + id + " | yyy").endsWith("...");
        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(60));
    }

    @Test
    void showsATableTooWideForTheTerminalAsOneBlockPerRow() {
        List<String> names = List.of("TimeGenerated", "Account", "Computer", "IpAddress", "EventID", "Activity",
                "LogonType", "Status", "SubStatus", "Workstation");
        List<String> row = List.of("2026-11-27T10:00:00Z", "alice", "dc01", "10.0.0.5", "4625",
                "An account failed to log on", "3", "0xc000006d", "0xc000006a", "WS-17");
        List<String> lines = plain.render(names.stream().map(n -> new TableRenderer.Column(n, false)).toList(),
                List.of(row, row), 60);

        assertThat(lines).filteredOn(line -> line.startsWith("-[ ")).hasSize(2);
        assertThat(lines).contains(" TimeGenerated | 2026-11-27T10:00:00Z", " Activity      | An account failed to log on");
        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(60));
    }

    @Test
    void wrapsLongValuesInVerticalBlocksAndCutsThemAfterThreeLinesWithAPointer() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
        List<String> row = names.stream().map(n -> n.repeat(n.equals("a") ? 500 : 50)).toList();
        TableRenderer.Rendered rendered = plain.render(names.stream().map(n -> new TableRenderer.Column(n, false))
                .toList(), List.of(row), 40, "show %d");
        List<String> lines = rendered.lines();

        assertThat(lines).contains(" a | " + "a".repeat(35), "   | " + "a".repeat(35));
        assertThat(lines).contains("   | " + "a".repeat(23) + "... (show 1)");
        assertThat(lines).contains(" b | " + "b".repeat(35), "   | " + "b".repeat(15));
        assertThat(rendered.cut()).isTrue();
        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(40));
    }

    @Test
    void anIncidentTableAt120ColumnsKeepsTitlesReadableAsOneBlockPerRow() {
        List<String> names = List.of("TimeGenerated", "IncidentNumber", "Title", "Severity", "Status", "Owner",
                "ProviderName", "AlertIds", "Entities", "Description");
        String entities = "[{\"Type\":\"account\",\"Name\":\"alice\",\"UPNSuffix\":\"contoso.com\"},"
                + "{\"Type\":\"host\",\"HostName\":\"contoso-dc01\"},{\"Type\":\"ip\",\"Address\":\"203.0.113.7\"}]";
        List<String> row = List.of("2026-11-24T10:00:00Z", "4113", "Rare Activity by a user from an unfamiliar "
                + "location", "High", "New", "unassigned", "Azure Sentinel", "[\"8a1f\",\"77c2\"]", entities,
                "A sign-in from an address this user never used, followed by mailbox rule changes");
        TableRenderer.Rendered rendered = plain.render(names.stream().map(n -> new TableRenderer.Column(n,
                n.equals("IncidentNumber"))).toList(), List.of(row, row), 120, "show %d");
        List<String> lines = rendered.lines();

        assertThat(lines).filteredOn(line -> line.startsWith("-[ ")).hasSize(2);
        assertThat(lines).contains(" Title          | Rare Activity by a user from an unfamiliar location");
        assertThat(String.join("", lines.stream().map(l -> l.replaceFirst("^ +(Entities)? +\\| ", "")).toList()))
                .as("the entity JSON whole, over more than one line").contains(entities);
        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(120));
    }

    @Test
    void aTableWhoseColumnsStayReadableIsNarrowedNotTurnedVertical() {
        String title = "Multiple failed sign-in attempts followed by a success from an unfamiliar location";
        TableRenderer.Rendered rendered = plain.render(columns("id", "title", "severity", "status"),
                List.of(List.of("4113", title, "High", "New")), 60, "show %d");

        assertThat(rendered.lines().get(2)).startsWith(" 4113 | Multiple failed sign-in").contains("...");
        assertThat(rendered.cut()).isTrue();
    }

    @Test
    void neutralisesEscapeSequencesInCells() {
        List<String> lines = new TableRenderer(Style.ANSI).render(columns("value"),
                List.of(List.of("evil\u001b]0;owned\u0007text")), 80);

        assertThat(String.join("\n", lines)).doesNotContain("\u001b]0").doesNotContain("\u0007")
                .contains("evil\uFFFD]0;owned\uFFFDtext");
    }

    @Test
    void measuresWideCharactersAsTwoColumns() {
        List<String> lines = plain.render(columns("name", "x"), List.of(List.of("東京", "1")), 80);

        assertThat(lines.get(0)).isEqualTo(" name | x");
        assertThat(lines.get(2)).isEqualTo(" 東京 | 1");
    }

    @Test
    void plainTablesContainNoEscapeByte() {
        List<String> lines = plain.render(columns("id", "title"), List.of(List.of("1", "x".repeat(200))), 40);

        assertThat(String.join("\n", lines)).doesNotContain("\u001b");
    }
}
