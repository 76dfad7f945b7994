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

    @Test
    void aCutTablePointsAtShowNAndOneRowIsSingular() {
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Id", ResultTable.ColumnType.INT),
                ResultTable.Column.of("Title", ResultTable.ColumnType.STRING)),
                List.of(List.of(1, "x".repeat(200))));

        List<String> lines = new OutcomeRenderer(Style.PLAIN, "show %d").table(table, 60);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("(1 row; show N shows row N in full)");

        ResultTable small = ResultTable.of(List.of(ResultTable.Column.of("Id", ResultTable.ColumnType.INT)),
                List.of(List.of(1)));
        List<String> whole = new OutcomeRenderer(Style.PLAIN, "show %d").table(small, 60);
        assertThat(whole.get(whole.size() - 1)).isEqualTo("(1 row)");
    }

    @Test
    void aTimeRangeArtifactIsInWords() {
        assertThat(new OutcomeRenderer(Style.PLAIN).artifact(io.secai.api.Artifact.of(io.secai.api.Artifact.Kind.TIMESPAN, "Time range", "PT720H")))
                .containsExactly("Time range: 30 days");
    }
}
