package io.secai.api;

/**
 * Contributes a client that other plugins can use, discovered with {@link java.util.ServiceLoader} in plugin jars
 * exactly like {@link Plugin}.
 *
 * @since 1.0
 */
public interface ClientProvider {

    /**
     * The interface the client implements; other plugins ask for it by this type.
     *
     * @return a client interface visible to every plugin (from this package)
     */
    Class<? extends Client> type();

    /**
     * The API version this provider was compiled against; implement it as {@code return ApiVersion.CURRENT;}.
     *
     * @return a {@code MAJOR.MINOR} string
     */
    String apiVersion();

    /**
     * Creates the client. Keep it free of network calls; connect on first use.
     *
     * @param context settings and the host's own clients
     * @return the client, an instance of {@link #type()}
     */
    Client create(PluginContext context);
}
