package io.secai.engine.session;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How sessions remember and where they are kept.
 *
 * @param windowSize how many recent turns a task sees ({@code session.window-size})
 * @param tokenBudget the most tokens the rendered context may take; the oldest turns go first
 *     ({@code session.token-budget})
 * @param resultTokenCap the most tokens one task result may take in the context, so that one long table cannot use
 *     up the budget ({@code session.result-token-cap})
 * @param store where sessions live ({@code session.store}: {@code file} or {@code memory})
 * @param dataDirectory SecAI's data folder ({@code secai.data-dir}); file sessions live in its {@code sessions}
 *     folder
 */
public record SessionSettings(int windowSize, int tokenBudget, int resultTokenCap, StoreKind store,
                              Path dataDirectory) {

    /** Default for {@code session.window-size}, as the original's ASSISTANT_CONTEXT_WINDOW_SIZE. */
    public static final int DEFAULT_WINDOW_SIZE = 5;
    /** Default for {@code session.token-budget}. */
    public static final int DEFAULT_TOKEN_BUDGET = 12_000;
    /** Default for {@code session.result-token-cap}. */
    public static final int DEFAULT_RESULT_TOKEN_CAP = 2_000;

    /** Where sessions are kept. */
    public enum StoreKind {
        /** One JSON file per session under the data folder; survives restarts. */
        FILE,
        /** In this process only. */
        MEMORY
    }

    public SessionSettings {
        if (windowSize < 0) {
            throw new SecAiException("session.window-size must be 0 or more, not " + windowSize + ".");
        }
        if (tokenBudget < 1) {
            throw new SecAiException("session.token-budget must be at least 1, not " + tokenBudget + ".");
        }
        if (resultTokenCap < 1) {
            throw new SecAiException("session.result-token-cap must be at least 1, not " + resultTokenCap + ".");
        }
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /**
     * Reads {@code session.window-size}, {@code session.token-budget}, {@code session.result-token-cap},
     * {@code session.store} and {@code secai.data-dir}.
     *
     * @param settings the merged configuration
     * @return the values, with defaults for what is unset
     * @throws SecAiException when a value is out of range or the store is neither {@code file} nor {@code memory}
     */
    public static SessionSettings from(Settings settings) {
        return from(settings, dataDirectory(settings));
    }

    /**
     * Reads the {@code session.*} keys, with the data folder the engine already resolved, so that sessions, the
     * audit log and plugin data agree on it.
     *
     * @param settings the merged configuration
     * @param dataDirectory SecAI's data folder
     * @return the values
     * @throws SecAiException as for {@link #from(Settings)}
     */
    public static SessionSettings from(Settings settings, Path dataDirectory) {
        String store = settings.string("session.store").orElse("file").trim().toLowerCase(Locale.ROOT);
        StoreKind kind = switch (store) {
            case "file" -> StoreKind.FILE;
            case "memory" -> StoreKind.MEMORY;
            default -> throw new SecAiException(
                    "session.store must be \"file\" or \"memory\", not \"" + store + "\".");
        };
        return new SessionSettings(
                settings.integer("session.window-size", DEFAULT_WINDOW_SIZE),
                settings.integer("session.token-budget", DEFAULT_TOKEN_BUDGET),
                settings.integer("session.result-token-cap", DEFAULT_RESULT_TOKEN_CAP),
                kind,
                dataDirectory);
    }

    /**
     * SecAI's data folder from {@code secai.data-dir} (default {@code ~/.secai}), with a leading {@code ~}
     * meaning the user's home.
     *
     * @param settings the merged configuration
     * @return the absolute folder; it may not exist yet
     */
    public static Path dataDirectory(Settings settings) {
        return inHome(settings.string("secai.data-dir").orElse("~/.secai").trim());
    }

    /**
     * @param value a path where a leading {@code ~} means the user's home
     * @return the absolute path
     */
    public static Path inHome(String value) {
        if (value.equals("~") || value.startsWith("~/") || value.startsWith("~\\")) {
            return Path.of(System.getProperty("user.home"), value.substring(1).replaceFirst("^[/\\\\]", ""))
                    .toAbsolutePath().normalize();
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    /** @return the folder holding one JSON file per session */
    public Path sessionsDirectory() {
        return dataDirectory.resolve("sessions");
    }

    /**
     * Opens the configured store.
     *
     * @return a file store over {@link #sessionsDirectory()}, or an in-memory store
     */
    public SessionStore openStore() {
        return openStore(UnaryOperator.identity());
    }

    /**
     * @param redaction masks secrets in what is written
     * @return a file store over {@link #sessionsDirectory()}, or an in-memory store
     */
    public SessionStore openStore(UnaryOperator<String> redaction) {
        return switch (store) {
            case FILE -> new FileSessionStore(sessionsDirectory(), redaction);
            case MEMORY -> new InMemorySessionStore();
        };
    }
}
