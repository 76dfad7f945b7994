package io.secai.engine.folder;

import io.secai.engine.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * One writer per data folder: {@code secai.lock} in the folder, locked by the operating system for as long as the
 * writing process lives and holding that process's id, start time and command.
 *
 * <p>The lock is the file system's ({@link FileChannel#tryLock()}), not the file's existence, so a process that
 * crashed or was killed holds nothing: the next start takes the lock over and says whose it was. A process that
 * finds the lock held attaches read-only: it can list and read sessions but runs no prompt and writes nothing, and
 * {@link #readOnlyReason()} says who holds the folder and what to do.
 */
public final class DataFolderLock implements AutoCloseable {

    /** The lock file's name in the data folder. */
    public static final String FILE_NAME = "secai.lock";

    private static final Logger LOG = LoggerFactory.getLogger(DataFolderLock.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> readOnlyReason;
    private final Optional<String> recovered;

    private DataFolderLock(Path file, FileChannel channel, FileLock lock, Optional<String> readOnlyReason,
                           Optional<String> recovered) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.readOnlyReason = readOnlyReason;
        this.recovered = recovered;
    }

    /**
     * Takes the data folder for this process, or attaches read-only when another process has it.
     *
     * @param dataDirectory the data folder; created when missing
     * @param command what this process is, for the other process's message (such as {@code secai web})
     * @return the lock; close it at shutdown
     */
    public static DataFolderLock acquire(Path dataDirectory, String command) {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            // Owner-only, like every file in the data folder: the lock names the owner's pid and command.
            PrivateFiles.touch(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Properties previous = read(channel);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return new DataFolderLock(file, null, null, Optional.of(heldMessage(dataDirectory, previous)),
                        Optional.empty());
            }
            Optional<String> recovered = describeStale(previous);
            write(channel, command);
            return new DataFolderLock(file, channel, lock, Optional.empty(), recovered);
        } catch (IOException e) {
            closeQuietly(channel);
            // A folder SecAI cannot write (read-only disk, permissions) cannot be written by anyone: say so.
            return new DataFolderLock(file, null, null, Optional.of("The data folder " + dataDirectory
                    + " cannot be written (" + e.getMessage() + "); SecAI is read-only: sessions can be read, "
                    + "prompts cannot run. Fix its permissions or choose another folder (secai.data-dir)."),
                    Optional.empty());
        }
    }

    /** @return why this process may not write, empty when it holds the folder */
    public Optional<String> readOnlyReason() {
        return readOnlyReason;
    }

    /** @return a line about the crashed process whose lock was taken over, if any */
    public Optional<String> recovered() {
        return recovered;
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /**
     * Releases the folder. The file is emptied, not deleted: deleting it could let two processes lock two different
     * files; an empty file tells the next owner that this one ended cleanly.
     */
    @Override
    public void close() {
        if (lock != null) {
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException e) {
                LOG.debug("Releasing {} failed; the process exit releases it", file, e);
            }
        }
        closeQuietly(channel);
    }

    private static String heldMessage(Path dataDirectory, Properties owner) {
        String who = owner.getProperty("pid") == null ? "another SecAI process"
                : "SecAI process " + owner.getProperty("pid") + " (" + owner.getProperty("command", "secai")
                        + ", started " + owner.getProperty("started", "at an unknown time") + ")";
        return "The data folder " + dataDirectory + " is in use by " + who + ". This SecAI is read-only: sessions "
                + "can be listed and read, prompts cannot run, so that no turn of the other process is lost. Close "
                + "the other process, or run this one with another data folder (secai.data-dir in --config).";
    }

    private static Optional<String> describeStale(Properties previous) {
        String pid = previous.getProperty("pid");
        if (pid == null) {
            return Optional.empty();
        }
        return Optional.of("SecAI process " + pid + " (started " + previous.getProperty("started", "?")
                + ") ended without closing; its data folder lock was taken over.");
    }

    private static Properties read(FileChannel channel) throws IOException {
        Properties properties = new Properties();
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        properties.load(new java.io.StringReader(new String(buffer.array(), 0, buffer.position(),
                StandardCharsets.UTF_8)));
        return properties;
    }

    private static void write(FileChannel channel, String command) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String text = "pid=" + self.pid() + "\nstarted=" + self.info().startInstant().orElse(Instant.now())
                + "\ncommand=" + command.replaceAll("[\\r\\n]", " ") + "\n";
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(true);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written through it.
            }
        }
    }
}
