package io.secai.plugin.defender.hunting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.ColumnType;
import io.secai.api.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** runHuntingQuery answers are the service's (untrusted) JSON: odd shapes give a table or a clear error. */
class HuntingRowsTest {
    private final ObjectMapper json = new ObjectMapper();

    private ResultTable read(String answer, int maxRows) throws Exception {
        return HuntingRows.read(json.readTree(answer), maxRows);
    }

    @Test
    void graphAndKustoTypeNamesBecomeTypedColumns() {
        assertThat(List.of("String", "DateTime", "Int32", "Int64", "Boolean", "Double", "Object", "Guid", "TimeSpan",
                "System.Int64", "long", "dynamic", "SomethingNew"))
                .extracting(HuntingRows::type).containsExactly(ColumnType.STRING, ColumnType.DATETIME,
                        ColumnType.INT, ColumnType.LONG, ColumnType.BOOL, ColumnType.REAL, ColumnType.DYNAMIC,
                        ColumnType.GUID, ColumnType.TIMESPAN, ColumnType.LONG, ColumnType.LONG, ColumnType.DYNAMIC,
                        ColumnType.STRING);
    }

    @Test
    void valuesThatDoNotFitTheirTypeStayTextAndNothingIsDropped() throws Exception {
        ResultTable table = read("""
                {"schema":[{"name":"N","type":"Int64"},{"name":"B","type":"Boolean"},{"name":"D","type":"Object"}],
                 "results":[{"N":"12x","B":"yes","D":{"a":[1,2]}},{"N":7,"B":true,"D":"[\\"x\\"]"},
                            {"N":99999999999999999999999,"B":null},42,{"extra":"ignored"}]}""", 100);
        assertThat(table.rows()).containsExactly(
                Arrays.asList("12x", "yes", "{\"a\":[1,2]}"),
                Arrays.asList(7L, true, "[\"x\"]"),
                Arrays.asList("99999999999999999999999", null, null),
                Arrays.asList(null, null, null),
                Arrays.asList(null, null, null));
    }

    @Test
    void rowsPastTheCapAreCountedNotKept() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            rows.append(i > 0 ? "," : "").append("{\"N\":").append(i).append('}');
        }
        ResultTable table = read("{\"schema\":[{\"name\":\"N\",\"type\":\"Int32\"}],\"results\":[" + rows + "]}", 10);
        assertThat(table.rows()).hasSize(10);
        assertThat(table.totalRows()).isEqualTo(50);
        assertThat(table.truncated()).isTrue();
    }

    @Test
    void anAnswerWithoutASchemaOrWithResultsNotAListIsHandled() throws Exception {
        assertThatThrownBy(() -> read("{\"results\":[]}", 10)).isInstanceOf(ServiceException.class)
                .hasMessageContaining("no schema");
        assertThat(read("{\"schema\":[{\"name\":\"N\",\"type\":\"Int32\"}],\"results\":{\"N\":1}}", 10).rows())
                .isEmpty();
    }
}
