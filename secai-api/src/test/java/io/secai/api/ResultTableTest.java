package io.secai.api;

import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTableTest {

    private static final List<Column> COLUMNS = List.of(Column.of("IncidentNumber", ColumnType.LONG),
            Column.of("Title", ColumnType.STRING));

    @Test
    void rowsAreCopiedSoTheTableCannotChangeUnderItsReaders() {
        List<Object> row = new ArrayList<>(Arrays.asList(4113L, null));
        ResultTable table = ResultTable.of(COLUMNS, List.of(row));

        row.set(1, "changed later");

        assertThat(table.rows().get(0)).containsExactly(4113L, null);
        assertThat(table.totalRows()).isEqualTo(1);
        assertThat(table.truncated()).isFalse();
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        assertThatThrownBy(() -> ResultTable.of(COLUMNS, List.of(List.of(1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row has 1 cells but the table has 2 columns");
    }

    @Test
    void columnsAreFoundByNameIgnoringCase() {
        ResultTable table = ResultTable.of(COLUMNS, List.of());

        assertThat(table.columnIndex("title")).isEqualTo(1);
        assertThat(table.columnIndex("Severity")).isEqualTo(-1);
    }
}
