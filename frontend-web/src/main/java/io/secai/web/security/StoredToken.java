package io.secai.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import io.secai.engine.files.PrivateFiles;

/**
 * The generated access token, kept in the data folder (readable by its owner only) so that the login link and
 * bookmarked logins survive a restart; a new one only when asked ({@code secai web --rotate-token}) or when the file
 * is missing, unreadable or holds a weak token.
 */
public final class StoredToken {
    /** The file's name in the data folder. */
    public static final String FILE = "web-token";
    private static final int BYTES = 32;

    private StoredToken() {
    }

    /**
     * @param file where the token is kept
     * @param random where a new token's bytes come from
     * @param rotate whether to replace the kept token by a new one
     * @return the token, and whether it is new
     */
    public static Loaded loadOrCreate(Path file, SecureRandom random, boolean rotate) {
        if (!rotate && Files.isRegularFile(file)) {
            try {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (AccessToken.weakness(kept).isEmpty()) {
                    if (readableByOthers(file)) {
                        PrivateFiles.writeString(file, kept + "\n"); // back to owner-only
                    }
                    return new Loaded(kept, false);
                }
            } catch (IOException e) {
                // Unreadable: a new token replaces it below.
            }
        }
        String token = AccessToken.randomText(random, BYTES);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the web access token in " + file + ": " + e.getMessage(),
                    e);
        }
        return new Loaded(token, true);
    }

    private static boolean readableByOthers(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file).stream().anyMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * @param token the access token
     * @param created whether it was made just now (first start, rotation, or a damaged file)
     */
    public record Loaded(String token, boolean created) {
        @Override
        public String toString() {
            return "Loaded[token=hidden, created=" + created + "]";
        }
    }
}
