package io.secai.engine.execution;

import io.secai.api.Client;

import java.util.Optional;

/**
 * Finds the engine's clients by the interface plugins ask for ({@link io.secai.api.LlmClient},
 * {@link io.secai.api.TokenProvider}, or a client a plugin contributes).
 */
@FunctionalInterface
public interface ClientLookup {

    /** Finds nothing. */
    ClientLookup NONE = type -> Optional.empty();

    /**
     * @param type the client interface
     * @return the client, an instance of {@code type}, or empty when none is loaded
     */
    Optional<? extends Client> find(Class<? extends Client> type);
}
