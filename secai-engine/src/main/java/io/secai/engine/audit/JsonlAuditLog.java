package io.secai.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An append-only audit log with one JSON object per line and per prompt.
 *
 * <p>Each line holds {@code time}, {@code session}, {@code run}, {@code prompt}, {@code plan} (with
 * {@code planNote}), {@code tasks} (plugin, capability, status, tokens), {@code queries}, {@code urls},
 * {@code usage}, {@code outcome}, {@code message} and {@code durationMs}. Every text passes through the redaction
 * given to the constructor before it is written, so a secret that reached a prompt or a message does not reach the
 * file. A line is written with one append, under a lock, so concurrent prompts never interleave; the file is created
 * readable by its owner only where the file system supports it.
 */
public final class JsonlAuditLog implements AuditLog {

    private final Path file;
    private final UnaryOperator<String> redaction;
    private final ObjectMapper json = new ObjectMapper();
    private final Object writeLock = new Object();

    /**
     * @param file the log file; it and its folder are created when missing
     * @param redaction removes secrets from a text
     */
    public JsonlAuditLog(Path file, UnaryOperator<String> redaction) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEntry entry) {
        byte[] line;
        try {
            line = (json.writeValueAsString(toJson(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new AuditException("Cannot write the audit record of run " + entry.runId() + ": "
                    + e.getOriginalMessage(), e);
        }
        synchronized (writeLock) {
            try {
                try (FileChannel channel = openForAppend()) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                throw new AuditException("Cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
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
