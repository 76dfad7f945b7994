package io.secai.plugin.kql.query;

import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultContextTest {

    private static final List<Column> COLUMNS = List.of(Column.of("AlertId", ColumnType.STRING),
            Column.of("Entities", ColumnType.DYNAMIC));

    @Test
    void aLongCellOfASmallResultKeepsTheValueAtItsEnd() {
        String entities = "[" + "{\"Type\":\"host\",\"HostName\":\"srv-01\"},".repeat(18)
                + "{\"Type\":\"account\",\"Name\":\"svc-backup\"}]";
        ResultTable table = ResultTable.of(COLUMNS, List.of(List.of("a-1", "[]"), List.of("a-2", "[]"),
                List.of("a-3", entities)));

        String text = ResultContext.render("SecurityAlert", table, 20, 4000);

        assertThat(entities.length()).isGreaterThan(600);
        assertThat(text).contains("svc-backup");
    }

    @Test
    void manyRowsStayWithinTheCharacterBudgetAndSayWhatWasLeftOut() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(List.of("alert-" + i, "x".repeat(500)));
        }

        String text = ResultContext.render("SecurityAlert", ResultTable.of(COLUMNS, rows), 20, 4000);

        assertThat(text.length()).isLessThanOrEqualTo(4000);
        assertThat(text).contains("alert-0").contains("more rows not shown");
    }
}
