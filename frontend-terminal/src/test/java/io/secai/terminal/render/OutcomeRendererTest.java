package io.secai.terminal.render;

import io.secai.api.ResultTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeRendererTest {

    @Test
    void largeTableShowsItsFirstRowsAndTheCountInsteadOfEveryRow() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            rows.add(List.of("host-" + i));
        }
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING)),
                rows);

        List<String> lines = new OutcomeRenderer(Style.PLAIN).table(table, 80);

        assertThat(lines).hasSizeLessThan(OutcomeRenderer.SCREEN_ROWS + 10);
        assertThat(String.join("\n", lines)).contains("host-99").doesNotContain("host-100\n")
                .doesNotContain("host-199999");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("(showing 100 of 200,000 rows (truncated))");
    }
}
