package io.secai.plugin.fetchurl.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ResultTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON an API answered into a typed table: each array element (or a lone object) is a row, each field a
 * column (columns in order of first appearance). A column's type comes from its values: all whole numbers
 * {@code LONG}, numbers {@code REAL}, booleans {@code BOOL}, strings {@code STRING}; objects and arrays are kept as
 * their JSON text ({@code DYNAMIC}); a column of mixed kinds is {@code STRING}. Rows and columns are capped.
 */
final class JsonRows {

    private final int maxRows;
    private final int maxColumns;

    JsonRows(int maxRows, int maxColumns) {
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
    }

    /** The kinds a column can hold; the order is the widening order used when kinds mix. */
    private enum Kind { NONE, LONG, REAL, BOOL, STRING, DYNAMIC, MIXED }

    ResultTable table(JsonNode rows) {
        List<JsonNode> elements = new ArrayList<>();
        if (rows.isArray()) {
            rows.forEach(elements::add);
        } else {
            elements.add(rows);
        }
        int total = elements.size();
        List<JsonNode> kept = elements.subList(0, Math.min(total, maxRows));
        Map<String, Kind> columns = new LinkedHashMap<>();
        boolean columnsCut = false;
        for (JsonNode element : kept) {
            if (!element.isObject()) {
                columns.merge("value", kind(element), JsonRows::widen);
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = element.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!columns.containsKey(field.getKey()) && columns.size() >= maxColumns) {
                    columnsCut = true;
                    continue;
                }
                columns.merge(field.getKey(), kind(field.getValue()), JsonRows::widen);
            }
        }
        List<ResultTable.Column> header = new ArrayList<>();
        columns.forEach((name, kind) -> header.add(ResultTable.Column.of(name, type(kind))));
        List<List<Object>> cells = new ArrayList<>();
        for (JsonNode element : kept) {
            List<Object> row = new ArrayList<>(columns.size());
            for (Map.Entry<String, Kind> column : columns.entrySet()) {
                JsonNode value = element.isObject() ? element.get(column.getKey())
                        : column.getKey().equals("value") ? element : null;
                row.add(cell(value, column.getValue()));
            }
            cells.add(row);
        }
        return ResultTable.of(header, cells, total, total > kept.size() || columnsCut);
    }

    private static Kind kind(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Kind.NONE;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Kind.LONG;
        }
        if (value.isNumber()) {
            return Kind.REAL;
        }
        if (value.isBoolean()) {
            return Kind.BOOL;
        }
        if (value.isTextual()) {
            return Kind.STRING;
        }
        return Kind.DYNAMIC;
    }

    private static Kind widen(Kind a, Kind b) {
        if (a == Kind.NONE || a == b) {
            return b;
        }
        if (b == Kind.NONE) {
            return a;
        }
        if ((a == Kind.LONG && b == Kind.REAL) || (a == Kind.REAL && b == Kind.LONG)) {
            return Kind.REAL;
        }
        return Kind.MIXED;
    }

    private static ResultTable.ColumnType type(Kind kind) {
        return switch (kind) {
            case LONG -> ResultTable.ColumnType.LONG;
            case REAL -> ResultTable.ColumnType.REAL;
            case BOOL -> ResultTable.ColumnType.BOOL;
            case DYNAMIC -> ResultTable.ColumnType.DYNAMIC;
            case NONE, STRING, MIXED -> ResultTable.ColumnType.STRING;
        };
    }

    private static Object cell(JsonNode value, Kind kind) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (kind) {
            case LONG -> value.asLong();
            case REAL -> value.asDouble();
            case BOOL -> value.asBoolean();
            case DYNAMIC -> value.toString();
            default -> value.isTextual() ? value.asText() : value.toString();
        };
    }
}
