package io.secai.plugin.kql.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import io.secai.api.TaskCancelledException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Log Analytics query response as it arrives, in one pass and in memory bounded by the caps:
 * {@code {"tables": [{"name", "columns": [{"name", "type"}], "rows": [[...], ...]}, ...], "error": {...}}}.
 *
 * <p>It exists because azure-monitor-query 1.5.2 turns rows into cells by indexing a linked list in a loop, which is
 * quadratic in the rows (500,000 rows: over ten minutes at a full core); here each cell is touched once. Only the
 * first table is kept, at most {@link ResponseLimits#maxRows()} of its rows; further rows are counted so the user
 * learns how many there were, until {@link ResponseLimits#maxBytes()} have been read, where reading stops. The
 * reader checks for an interrupt between rows, so a cancelled task stops reading a huge answer.
 */
final class ResponseReader {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final int INTERRUPT_CHECK_ROWS = 1024;

    private final ResponseLimits limits;

    ResponseReader(ResponseLimits limits) {
        this.limits = limits;
    }

    /**
     * What a response held.
     *
     * @param table the first table, capped
     * @param partialError the {@code error} of a 200 answer (partial results), when present
     * @param bytesCut whether the byte cap stopped the reading
     */
    record Response(ResultTable table, Optional<JsonNode> partialError, boolean bytesCut) {
    }

    Response read(InputStream body) throws IOException {
        CountingStream counted = new CountingStream(body, limits.maxBytes());
        Collector collector = new Collector();
        JsonNode error = null;
        try (JsonParser parser = FACTORY.createParser(counted)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("tables") && value == JsonToken.START_ARRAY) {
                    readTables(parser, collector);
                } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    error = TREES.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            if (!capReached(e)) {
                throw e;
            }
            return new Response(collector.table(true), Optional.ofNullable(error), true);
        }
        return new Response(collector.table(false), Optional.ofNullable(error), false);
    }

    private void readTables(JsonParser parser, Collector collector) throws IOException {
        boolean first = true;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            if (!first) {
                parser.skipChildren();
                continue;
            }
            first = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("columns") && value == JsonToken.START_ARRAY) {
                    readColumns(parser, collector);
                } else if (field.equals("rows") && value == JsonToken.START_ARRAY) {
                    readRows(parser, collector);
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private static void readColumns(JsonParser parser, Collector collector) throws IOException {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode column = TREES.readTree(parser);
            collector.columns.add(Column.of(column.path("name").asText(""),
                    KustoColumnTypes.fromKusto(column.path("type").asText("string"))));
        }
    }

    private void readRows(JsonParser parser, Collector collector) throws IOException {
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            if (collector.seen % INTERRUPT_CHECK_ROWS == 0 && Thread.currentThread().isInterrupted()) {
                throw new TaskCancelledException();
            }
            if (collector.rows.size() >= limits.maxRows()) {
                parser.skipChildren();
                // Counted once complete: a row cut by the byte cap is neither kept nor counted.
                collector.seen++;
                continue;
            }
            List<Object> row = new ArrayList<>(collector.columns.size());
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                ColumnType type = index < collector.columns.size() ? collector.columns.get(index).type()
                        : ColumnType.STRING;
                Object cell = cell(parser, token, type);
                if (index < collector.columns.size()) {
                    row.add(cell);
                }
                index++;
            }
            while (row.size() < collector.columns.size()) {
                row.add(null);
            }
            collector.rows.add(row);
            collector.seen++;
        }
    }

    /** Cells as the API's Javadoc promises: String, Long, Double, Boolean or null; dynamic values as JSON text. */
    private static Object cell(JsonParser parser, JsonToken token, ColumnType type) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE, VALUE_FALSE -> type == ColumnType.BOOL ? (Object) (token == JsonToken.VALUE_TRUE)
                    : parser.getText();
            case VALUE_NUMBER_INT -> switch (type) {
                case INT, LONG -> parser.getLongValue();
                case REAL -> parser.getDoubleValue();
                case BOOL -> parser.getLongValue() != 0;
                default -> parser.getText();
            };
            case VALUE_NUMBER_FLOAT -> type == ColumnType.REAL ? (Object) parser.getDoubleValue() : parser.getText();
            case START_OBJECT, START_ARRAY -> TREES.readTree(parser).toString();
            default -> cell(type, parser.getText());
        };
    }

    /** Cells as the API's Javadoc promises: String, Long, Double, Boolean or null. */
    private static Object cell(ColumnType type, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (type) {
                case BOOL -> raw.equalsIgnoreCase("true") || raw.equals("1");
                case INT, LONG -> Long.parseLong(raw);
                case REAL -> Double.parseDouble(raw);
                default -> raw;
            };
        } catch (NumberFormatException notANumber) {
            return raw;
        }
    }

    private static boolean capReached(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CapReached) {
                return true;
            }
        }
        return false;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(null, "the response is not " + what);
        }
    }

    /** The first table as it is read. */
    private static final class Collector {
        private final List<Column> columns = new ArrayList<>();
        private final List<List<Object>> rows = new ArrayList<>();
        private long seen;

        ResultTable table(boolean bytesCut) {
            return ResultTable.of(columns, rows, seen, bytesCut || seen > rows.size());
        }
    }

    /** Thrown by the stream when the byte cap is reached; ends the reading, keeping what was read. */
    private static final class CapReached extends IOException {
        CapReached() {
            super("the response is larger than the byte cap", null);
        }
    }

    /** Counts the bytes read and stops at the cap. */
    private static final class CountingStream extends FilterInputStream {
        private final long cap;
        private long count;

        CountingStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            check(1);
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(length);
            int n = super.read(buffer, offset, (int) Math.min(length, cap - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        private void check(int wanted) throws IOException {
            if (wanted > 0 && count >= cap) {
                throw new CapReached();
            }
        }
    }
}
