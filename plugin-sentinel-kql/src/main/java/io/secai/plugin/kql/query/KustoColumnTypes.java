package io.secai.plugin.kql.query;

import java.util.Locale;

import io.secai.api.ResultTable.ColumnType;

/** Maps the type names Kusto services report onto the API's column types. */
final class KustoColumnTypes {

    private KustoColumnTypes() {
    }

    /**
     * Finds the column type for a Kusto type name such as {@code datetime} or {@code System.String}.
     *
     * @param kustoName the name as a service reported it
     * @return the matching type; {@link ColumnType#STRING} when unknown
     */
    static ColumnType fromKusto(String kustoName) {
        if (kustoName == null) {
            return ColumnType.STRING;
        }
        String n = kustoName.toLowerCase(Locale.ROOT);
        if (n.startsWith("system.")) {
            n = n.substring("system.".length());
        }
        return switch (n) {
            case "bool", "boolean", "sbyte" -> ColumnType.BOOL;
            case "int", "int32" -> ColumnType.INT;
            case "long", "int64" -> ColumnType.LONG;
            case "real", "double" -> ColumnType.REAL;
            case "decimal", "data.sqltypes.sqldecimal" -> ColumnType.DECIMAL;
            case "datetime", "date" -> ColumnType.DATETIME;
            case "timespan", "time" -> ColumnType.TIMESPAN;
            case "guid", "uniqueid" -> ColumnType.GUID;
            case "dynamic", "object" -> ColumnType.DYNAMIC;
            default -> ColumnType.STRING;
        };
    }
}
