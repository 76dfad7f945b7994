package io.secai.engine.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.engine.files.PrivateFiles;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.UUID;

/**
 * Keeps each session as one JSON file, {@code <directory>/<id>.json}, holding every turn with its full results.
 *
 * <p>A save writes a temporary file next to the target and moves it into place, so a crash leaves either the old or
 * the new session, never half of one. The folder is created readable by its owner only where the file system
 * supports it, because sessions hold prompts and query results.
 */
public final class FileSessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSessionStore.class);
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final ObjectMapper json = SessionJson.mapper();
    private final boolean fsync;
    private final UnaryOperator<String> redaction;

    /**
     * A store that forces each saved file to the disk before renaming it into place.
     *
     * @param directory the folder holding the session files; created on first save when missing
     */
    public FileSessionStore(Path directory) {
        this(directory, UnaryOperator.identity(), true);
    }

    /**
     * @param directory the folder holding the session files; created on first save when missing
     * @param fsync whether each saved file is forced to the disk before its rename (off only to measure its cost:
     *     without it a power cut can leave a session file empty)
     */
    public FileSessionStore(Path directory, boolean fsync) {
        this(directory, UnaryOperator.identity(), fsync);
    }

    /**
     * A store that masks secrets in what it writes and forces each saved file to the disk before renaming it.
     *
     * @param directory the folder holding the session files; created on first save when missing
     * @param redaction masks secrets in the file's text (a model may echo one into an answer)
     */
    public FileSessionStore(Path directory, UnaryOperator<String> redaction) {
        this(directory, redaction, true);
    }

    private FileSessionStore(Path directory, UnaryOperator<String> redaction, boolean fsync) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.fsync = fsync;
    }

    /** @return the folder holding the session files */
    public Path directory() {
        return directory;
    }

    @Override
    public Loaded loadAll() {
        if (!Files.isDirectory(directory)) {
            return new Loaded(List.of(), List.of());
        }
        List<StoredSession> sessions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    SessionFile read = json.readValue(file.toFile(), SessionFile.class);
                    if (read.format() > FORMAT) {
                        problems.add("Session file " + file + " was written by a newer SecAI (format "
                                + read.format() + "); it was left as it is.");
                    } else if (read.session() == null) {
                        problems.add("Session file " + file + " holds no session; it was left as it is.");
                    } else {
                        sessions.add(read.session());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Cannot read session file {}", file, e);
                    problems.add("Session file " + file + " could not be read (" + e.getClass().getSimpleName()
                            + "); it was left as it is.");
                }
            }
        } catch (IOException e) {
            throw new SessionStoreException("Cannot list the sessions in " + directory + ": " + e.getMessage(), e);
        }
        return new Loaded(sessions, problems);
    }

    @Override
    public void save(StoredSession session) {
        Path target = fileOf(session.id());
        try {
            createDirectory();
            Path temporary = PrivateFiles.createTempFile(directory, session.id() + "-", ".tmp");
            try {
                Files.writeString(temporary,
                        redaction.apply(json.writeValueAsString(new SessionFile(FORMAT, session))));
                // On the disk before the rename: otherwise a power cut can leave the new name on empty content.
                if (fsync) {
                    try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                        written.force(true);
                    }
                }
                moveIntoPlace(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new SessionStoreException("Cannot save session " + session.id() + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) {
        Path target = fileOf(id);
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot delete session file " + target + ": " + e.getMessage(), e);
        }
    }

    private Path fileOf(String id) {
        // Ids come from SessionRegistry as UUIDs; parsing keeps any other text from becoming a path.
        String canonical = UUID.fromString(id).toString();
        return directory.resolve(canonical + SUFFIX);
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        PrivateFiles.createDirectories(directory);
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's content: a format number, so that a later SecAI can read older files, and the session. */
    private record SessionFile(int format, StoredSession session) {
    }
}
