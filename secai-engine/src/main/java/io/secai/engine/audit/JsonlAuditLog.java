package io.secai.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.Artifact;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;

import io.secai.engine.files.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An append-only audit log with one JSON object per line and per prompt.
 *
 * <p>Each line holds {@code time}, {@code session}, {@code run}, {@code prompt}, {@code plan} (with
 * {@code planNote}), {@code tasks} (plugin, capability, status, tokens), {@code queries}, {@code urls},
 * {@code usage}, {@code outcome}, {@code message} and {@code durationMs}. A prompt's start is a line of its own
 * ({@code "event": "started"}), so that a prompt the process never finished is on record; at the next start
 * {@link #closeUnfinished} adds an {@code "event": "unfinished"} line for it. Every text passes through the redaction
 * given to the constructor before it is written, so a secret that reached a prompt or a message does not reach the
 * file. A line is written with one append, under a lock, so concurrent prompts never interleave; the file is created
 * readable by its owner only where the file system supports it.
 */
public final class JsonlAuditLog implements AuditLog {

    /** The {@code event} of a prompt's start record; the end record has no {@code event}. */
    static final String STARTED = "started";
    /** The {@code event} of the record closing a prompt that never ended. */
    static final String UNFINISHED = "unfinished";
    private static final long RECOVERY_TAIL_BYTES = 4L << 20;

    private final Path file;
    private final UnaryOperator<String> redaction;
    private final ObjectMapper json = new ObjectMapper();
    private final Object writeLock = new Object();
    private final boolean fsync;
    /** Whether the file's end was checked for a torn line; guarded by writeLock. */
    private boolean tailChecked;

    /**
     * A log that syncs every record to the disk.
     *
     * @param file the log file; it and its folder are created when missing
     * @param redaction removes secrets from a text
     */
    public JsonlAuditLog(Path file, UnaryOperator<String> redaction) {
        this(file, redaction, true);
    }

    /**
     * @param file the log file; it and its folder are created when missing
     * @param redaction removes secrets from a text
     * @param fsync whether each record is forced to the disk before {@link #record} returns ({@code audit.fsync})
     */
    public JsonlAuditLog(Path file, UnaryOperator<String> redaction, boolean fsync) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.fsync = fsync;
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEntry entry) {
        append(toJson(entry), entry.runId());
    }

    @Override
    public void started(Instant at, String sessionId, String runId, String prompt) {
        ObjectNode line = json.createObjectNode();
        line.put("time", at.toString());
        line.put("session", text(sessionId));
        line.put("run", text(runId));
        line.put("prompt", text(prompt));
        line.put("event", STARTED);
        append(line, runId);
    }

    /**
     * Closes the record of prompts that started and never ended (the process was killed or crashed), so that the
     * log says so instead of leaving a start without an end. Call it at start, holding the data folder.
     *
     * @param now the time of the closing records
     * @return one line per prompt found unfinished, for the user
     */
    public List<String> closeUnfinished(Instant now) {
        AuditReader.Read read = AuditReader.readTail(file, RECOVERY_TAIL_BYTES);
        Map<String, JsonNode> open = new LinkedHashMap<>();
        for (JsonNode line : read.records()) {
            String run = line.path("run").asText("");
            if (STARTED.equals(line.path("event").asText())) {
                open.put(run, line);
            } else {
                open.remove(run);
            }
        }
        List<String> notices = new ArrayList<>();
        if (read.torn() > 0) {
            notices.add("The audit log " + file + " had " + read.torn() + " unreadable line(s), left by a crash; "
                    + "they were skipped.");
        }
        for (JsonNode start : open.values()) {
            ObjectNode line = json.createObjectNode();
            line.put("time", now.toString());
            line.put("session", start.path("session").asText(""));
            line.put("run", start.path("run").asText(""));
            line.put("event", UNFINISHED);
            line.put("message", "The prompt started at " + start.path("time").asText("?") + " never ended: SecAI "
                    + "stopped while it ran.");
            append(line, start.path("run").asText(""));
            notices.add("A prompt of session " + start.path("session").asText("?") + " started at "
                    + start.path("time").asText("?") + " never ended (SecAI stopped while it ran); the audit log "
                    + "records it as unfinished.");
        }
        return notices;
    }

    private void append(ObjectNode record, String runId) {
        byte[] line;
        try {
            line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new AuditException("Cannot write the audit record of run " + runId + ": "
                    + e.getOriginalMessage(), e);
        }
        synchronized (writeLock) {
            try {
                try (FileChannel channel = openForAppend()) {
                    if (!tailChecked) {
                        // A crash mid-write leaves a line without its newline; the next record must not join it.
                        if (channel.size() > 0 && lastByte() != '\n') {
                            write(channel, new byte[] {'\n'});
                        }
                        tailChecked = true;
                    }
                    write(channel, line);
                    if (fsync) {
                        channel.force(false);
                    }
                }
            } catch (IOException e) {
                throw new AuditException("Cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private int lastByte() throws IOException {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            reader.read(one, reader.size() - 1);
            return one.array()[0];
        }
    }

    private ObjectNode toJson(AuditEntry entry) {
        PromptOutcome outcome = entry.outcome();
        ObjectNode line = json.createObjectNode();
        line.put("time", entry.time().toString());
        line.put("session", text(entry.sessionId()));
        line.put("run", text(entry.runId()));
        line.put("prompt", text(entry.prompt()));
        ArrayNode plan = line.putArray("plan");
        for (Task task : outcome.plan()) {
            plan.addObject()
                    .put("plugin", text(task.plugin()))
                    .put("capability", text(task.capability()))
                    .put("instruction", text(task.instruction()));
        }
        line.put("planNote", text(entry.planNote()));
        ArrayNode tasks = line.putArray("tasks");
        for (TaskRecord record : outcome.tasks()) {
            tasks.addObject()
                    .put("plugin", text(record.task().plugin()))
                    .put("capability", text(record.task().capability()))
                    .put("status", record.result().status().name())
                    .put("tokens", record.result().usage().totalTokens());
        }
        Set<String> queries = new LinkedHashSet<>();
        Set<String> urls = new LinkedHashSet<>();
        for (Artifact artifact : entry.artifacts()) {
            if (artifact.kind() == Artifact.Kind.QUERY) {
                queries.add(artifact.value());
            } else if (artifact.kind() == Artifact.Kind.URL) {
                urls.add(artifact.value());
            }
        }
        ArrayNode queryArray = line.putArray("queries");
        queries.forEach(query -> queryArray.add(text(query)));
        ArrayNode urlArray = line.putArray("urls");
        urls.forEach(url -> urlArray.add(text(url)));
        TokenUsage usage = outcome.usage();
        line.putObject("usage")
                .put("calls", usage.calls())
                .put("promptTokens", usage.promptTokens())
                .put("cachedPromptTokens", usage.cachedPromptTokens())
                .put("completionTokens", usage.completionTokens())
                .put("totalTokens", usage.totalTokens());
        line.put("outcome", outcome.status().name());
        line.put("message", text(outcome.message()));
        line.put("durationMs", outcome.elapsed().toMillis());
        return line;
    }

    private String text(String value) {
        return redaction.apply(value);
    }

    private FileChannel openForAppend() throws IOException {
        Path folder = file.getParent();
        if (folder != null) {
            PrivateFiles.createDirectories(folder);
        }
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // The permissions apply only when this call creates the file.
            return FileChannel.open(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }
}
