package io.secai.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an audit log line by line, tolerating what a crash leaves: a line that is not a JSON object (torn mid-write,
 * or a torn line with a good record appended to it by an older writer) is counted and skipped, and every other line
 * is read. A torn line never hides the lines after it.
 */
public final class AuditReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditReader() {
    }

    /**
     * What was read.
     *
     * @param records the lines that are JSON objects, in order
     * @param torn how many lines were not
     */
    public record Read(List<JsonNode> records, int torn) {
        public Read {
            records = List.copyOf(records);
        }
    }

    /**
     * @param file the log; a missing one reads as empty
     * @return every record and the count of unreadable lines
     * @throws AuditException when the file exists and cannot be read
     */
    public static Read read(Path file) {
        return readTail(file, Long.MAX_VALUE);
    }

    /**
     * Reads the end of the log: the last {@code maxBytes}, from the first line that starts inside them.
     *
     * @param file the log; a missing one reads as empty
     * @param maxBytes how much of the end to read
     * @return the records and the count of unreadable lines there
     * @throws AuditException when the file exists and cannot be read
     */
    public static Read readTail(Path file, long maxBytes) {
        String text;
        long skipped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            skipped = Math.max(0, size - maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - skipped, Integer.MAX_VALUE - 16));
            while (buffer.hasRemaining() && channel.read(buffer, skipped + buffer.position()) > 0) {
                // Read to the end.
            }
            text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return new Read(List.of(), 0);
        } catch (IOException e) {
            throw new AuditException("Cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        List<JsonNode> records = new ArrayList<>();
        int torn = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || i == 0 && skipped > 0) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.isObject()) {
                    records.add(node);
                } else {
                    torn++;
                }
            } catch (IOException notJson) {
                torn++;
            }
        }
        return new Read(records, torn);
    }
}
