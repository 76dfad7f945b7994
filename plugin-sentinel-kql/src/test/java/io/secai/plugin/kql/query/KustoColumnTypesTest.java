package io.secai.plugin.kql.query;

import io.secai.api.ResultTable.ColumnType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KustoColumnTypesTest {

    @Test
    void kustoTypeNamesMapOntoColumnTypes() {
        assertThat(KustoColumnTypes.fromKusto("datetime")).isEqualTo(ColumnType.DATETIME);
        assertThat(KustoColumnTypes.fromKusto("System.Int64")).isEqualTo(ColumnType.LONG);
        assertThat(KustoColumnTypes.fromKusto("System.Object")).isEqualTo(ColumnType.DYNAMIC);
        assertThat(KustoColumnTypes.fromKusto("guid")).isEqualTo(ColumnType.GUID);
        assertThat(KustoColumnTypes.fromKusto("something-new")).isEqualTo(ColumnType.STRING);
        assertThat(KustoColumnTypes.fromKusto(null)).isEqualTo(ColumnType.STRING);
    }
}
