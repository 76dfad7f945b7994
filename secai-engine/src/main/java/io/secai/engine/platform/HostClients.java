package io.secai.engine.platform;

import io.secai.api.Client;
import io.secai.api.Settings;
import io.secai.api.TokenProvider;

import java.util.List;

/**
 * Creates the host's own clients (the model client) once settings and the token provider exist, so that the
 * platform can offer them to plugins without knowing their implementations.
 */
@FunctionalInterface
public interface HostClients {

    /** No clients besides the token provider. */
    HostClients NONE = (settings, tokens) -> List.of();

    /**
     * Creates the clients. Keep it free of network calls: connect on first use.
     *
     * @param settings the merged settings
     * @param tokens the signed-in identity, for clients that use Entra ID
     * @return the clients; each is offered to plugins under every client interface it implements. A client that
     *     implements {@link AutoCloseable} is closed with the platform.
     * @throws io.secai.api.SecAiException when a client cannot be created; its message becomes a notice and SecAI
     *     starts without these clients
     */
    List<Client> create(Settings settings, TokenProvider tokens);
}
