package io.secai.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredTokenTest {
    @TempDir
    Path dir;

    @Test
    void theTokenIsMadeOnceKeptOwnerOnlyAndReplacedOnlyWhenRotated() throws Exception {
        Path file = dir.resolve("data").resolve(StoredToken.FILE);

        StoredToken.Loaded first = StoredToken.loadOrCreate(file, new SecureRandom(), false);
        StoredToken.Loaded again = StoredToken.loadOrCreate(file, new SecureRandom(), false);
        StoredToken.Loaded rotated = StoredToken.loadOrCreate(file, new SecureRandom(), true);

        assertThat(first.created()).isTrue();
        assertThat(AccessToken.weakness(first.token())).isEmpty();
        assertThat(again.created()).isFalse();
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(rotated.created()).isTrue();
        assertThat(rotated.token()).isNotEqualTo(first.token());
        assertThat(Files.readString(file).strip()).isEqualTo(rotated.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(rotated.toString()).doesNotContain(rotated.token());
    }

    @Test
    void aWeakOrDamagedFileIsReplacedAndAFileOthersCanReadIsMadePrivateAgain() throws Exception {
        Path file = dir.resolve(StoredToken.FILE);
        Files.writeString(file, "aaaa\n");
        StoredToken.Loaded replaced = StoredToken.loadOrCreate(file, new SecureRandom(), false);
        assertThat(replaced.created()).isTrue();
        assertThat(replaced.token()).isNotEqualTo("aaaa");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        StoredToken.Loaded kept = StoredToken.loadOrCreate(file, new SecureRandom(), false);
        assertThat(kept.token()).isEqualTo(replaced.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
