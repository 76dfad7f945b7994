package io.secai.engine.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Files and folders only their owner can read: everything SecAI writes (log, history, sessions, exports, audit,
 * caches) may hold prompts, results or tokens. On POSIX file systems files are {@code 0600} and folders
 * {@code 0700}; elsewhere the platform's defaults apply.
 */
public final class PrivateFiles {

    /** Owner read and write. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** Owner read, write and enter. */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates a folder and its missing parents, each {@code 0700}. Existing folders keep their mode: a configured
     * path may point into a shared folder that is not SecAI's to change.
     *
     * @param folder the folder
     * @return the folder
     * @throws IOException when it cannot be created
     */
    public static Path createDirectories(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path current = absolute; current != null && !Files.exists(current); current = current.getParent()) {
            missing.push(current);
        }
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                if (posix(next.getParent())) {
                    Files.createDirectory(next, PosixFilePermissions.asFileAttribute(FOLDER));
                } else {
                    Files.createDirectory(next);
                }
            } catch (FileAlreadyExistsException raced) {
                // Another process made it in the meantime: fine, as long as it is a folder (checked below).
            }
        }
        if (!Files.isDirectory(absolute)) {
            throw new IOException(folder + " exists and is not a folder");
        }
        return folder;
    }

    /**
     * Gives an existing file or folder the private mode; does nothing off POSIX.
     *
     * @param path the file or folder
     * @throws IOException when the mode cannot be set
     */
    public static void restrict(Path path) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        }
    }

    /**
     * Creates an empty file {@code 0600} (and its missing folders {@code 0700}) unless it exists, and gives an
     * existing one the private mode: for files that others append to, such as a log or a history.
     *
     * @param file the file
     * @return the file
     * @throws IOException when it cannot be created or restricted
     */
    public static Path touch(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            createDirectories(folder);
        }
        try {
            if (posix(folder)) {
                Files.createFile(file, fileAttribute());
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            restrict(file);
        }
        return file;
    }

    /**
     * A new empty file in a folder, {@code 0600} from its first byte (no window in which others could open it).
     *
     * @param folder an existing folder
     * @param prefix the name's start
     * @param suffix the name's end
     * @return the file
     * @throws IOException when it cannot be created
     */
    public static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
        return posix(folder)
                ? Files.createTempFile(folder, prefix, suffix, fileAttribute())
                : Files.createTempFile(folder, prefix, suffix);
    }

    /**
     * Replaces a file's content with a text, atomically where the file system allows: written to a private
     * temporary file beside it, then moved over it.
     *
     * @param file the file
     * @param text its new content, UTF-8
     * @throws IOException when writing fails; the old content is then untouched
     */
    public static void writeString(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        createDirectories(folder);
        Path temporary = createTempFile(folder, "." + file.getFileName() + "-", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    private static boolean posix(Path anyPathOnTheFileSystem) {
        Path probe = anyPathOnTheFileSystem == null ? Path.of("") : anyPathOnTheFileSystem;
        return probe.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
