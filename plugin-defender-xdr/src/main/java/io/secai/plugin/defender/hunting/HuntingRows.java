package io.secai.plugin.defender.hunting;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import io.secai.api.ServiceException;
import io.secai.plugin.defender.graph.GraphClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code runHuntingQuery} answer ({@code {"schema": [{"name", "type"}], "results": [{column: value}]}}) as a typed
 * table. Graph names the types the .NET way ({@code String}, {@code DateTime}, {@code Int64}, {@code Object});
 * Kusto's names are read too. A value that does not fit its column's type is kept as text, never dropped.
 */
public final class HuntingRows {
    private HuntingRows() {
    }

    /**
     * @param answer the JSON answer
     * @param maxRows the most rows kept (the rest are counted)
     * @return the table
     * @throws ServiceException when the answer has no schema
     */
    public static ResultTable read(JsonNode answer, int maxRows) {
        JsonNode schema = answer.path("schema");
        if (!schema.isArray()) {
            throw new ServiceException(GraphClient.SERVICE, ServiceException.Kind.FAILED,
                    "the hunting answer has no schema");
        }
        List<Column> columns = new ArrayList<>();
        for (JsonNode column : schema) {
            columns.add(Column.of(column.path("name").asText("Column" + columns.size()),
                    type(column.path("type").asText(""))));
        }
        List<List<Object>> rows = new ArrayList<>();
        JsonNode results = answer.path("results");
        int total = results.isArray() ? results.size() : 0;
        for (int i = 0; i < Math.min(total, maxRows); i++) {
            JsonNode result = results.get(i);
            List<Object> row = new ArrayList<>(columns.size());
            for (Column column : columns) {
                row.add(cell(result.path(column.name()), column.type()));
            }
            rows.add(row);
        }
        return ResultTable.of(columns, rows, total, total > rows.size());
    }

    /**
     * @param name a type as Graph ({@code Int64}) or Kusto ({@code long}) names it
     * @return the column type; unknown names are text
     */
    public static ColumnType type(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("system.", "")) {
            case "boolean", "bool" -> ColumnType.BOOL;
            case "int32", "int16", "byte", "sbyte", "int" -> ColumnType.INT;
            case "int64", "long" -> ColumnType.LONG;
            case "double", "single", "real" -> ColumnType.REAL;
            case "decimal" -> ColumnType.DECIMAL;
            case "datetime" -> ColumnType.DATETIME;
            case "timespan" -> ColumnType.TIMESPAN;
            case "guid" -> ColumnType.GUID;
            case "object", "dynamic", "sbyte[]" -> ColumnType.DYNAMIC;
            default -> ColumnType.STRING;
        };
    }

    /** @return the Kusto name of a column type, for the schema the guard checks against */
    static String kustoName(ColumnType type) {
        return type == ColumnType.REAL ? "real" : type.name().toLowerCase(Locale.ROOT);
    }

    private static Object cell(JsonNode value, ColumnType type) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        switch (type) {
            case BOOL:
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                break;
            case INT:
            case LONG:
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return value.longValue();
                }
                break;
            case REAL:
                if (value.isNumber()) {
                    return value.doubleValue();
                }
                break;
            case DYNAMIC:
                return value.isTextual() ? value.textValue() : value.toString();
            default:
                break;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
