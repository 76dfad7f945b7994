package io.secai.engine.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void createdFoldersAre0700AndWrittenFiles0600() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = dir.resolve("a/b/export.md");

        PrivateFiles.writeString(file, "text");
        Path touched = PrivateFiles.touch(dir.resolve("c/history"));

        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("text");
        assertThat(mode(touched)).isEqualTo("rw-------");
        assertThat(Files.list(dir.resolve("a/b")).toList()).containsExactly(file);
    }

    @Test
    void anExistingFileIsMadePrivateButAnExistingFolderKeepsItsMode() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = Files.writeString(shared.resolve("secai.log"), "old");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.touch(log);

        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(log)).isEqualTo("old");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
