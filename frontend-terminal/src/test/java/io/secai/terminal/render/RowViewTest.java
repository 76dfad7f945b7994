package io.secai.terminal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.secai.api.ResultTable;

class RowViewTest {
    private static final String ENTITIES = "[{\"Type\":\"account\",\"Name\":\"alice\"},{\"Type\":\"ip\","
            + "\"Address\":\"203.0.113.7\"}]";

    private final ResultTable table = ResultTable.of(List.of(
                    ResultTable.Column.of("IncidentNumber", ResultTable.ColumnType.INT),
                    ResultTable.Column.of("Title", ResultTable.ColumnType.STRING),
                    ResultTable.Column.of("Entities", ResultTable.ColumnType.DYNAMIC),
                    ResultTable.Column.of("Note", ResultTable.ColumnType.STRING),
                    ResultTable.Column.of("Evil", ResultTable.ColumnType.STRING)),
            List.of(List.of(4113, "Rare Activity by a user", ENTITIES, "[1] and then some " + "z".repeat(300),
                    "bell\u0007\u001b[31mred")));

    @Test
    void showsEveryColumnWholeWithJsonPrettyPrintedAndNothingDropped() {
        List<String> lines = new RowView(Style.PLAIN).lines(table, 1, 80);
        String text = String.join("\n", lines);

        assertThat(lines.get(0)).isEqualTo("Row 1 of 1");
        assertThat(lines).contains(" IncidentNumber | 4113", " Title          | Rare Activity by a user",
                " Entities (dynamic)", "   [ {", "     \"Type\" : \"account\",", "     \"Address\" : \"203.0.113.7\"");
        assertThat(text.replace("\n   ", "")).as("text after a JSON value is kept whole, wrapped not cut")
                .contains("[1] and then some " + "z".repeat(300));
        assertThat(lines).allSatisfy(line -> assertThat(TextWidth.of(line)).isLessThanOrEqualTo(80));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("...");
    }

    @Test
    void aRowThatDoesNotExistSaysWhichDo() {
        assertThatThrownBy(() -> new RowView(Style.PLAIN).lines(table, 2, 80))
                .hasMessage("The last result has 1 row; show takes a number from 1 to 1.");
    }
}
