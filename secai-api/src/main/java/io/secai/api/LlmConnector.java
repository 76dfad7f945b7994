package io.secai.api;

/**
 * Connects SecAI to a kind of model service, such as any server speaking OpenAI's chat-completions API. A plugin
 * contributes one through {@link ClientProvider} with this interface as its {@link ClientProvider#type() type}; the
 * engine then opens one {@link LlmClient} per configured model profile that names the connector's
 * {@linkplain #provider() provider}, and gives each role (planning, KQL, answers, schema) the client of its profile.
 *
 * @since 1.1
 */
public interface LlmConnector extends Client {

    /**
     * The value of {@code llm.provider} (or {@code llm.models.<name>.provider}) this connector serves, for example
     * {@code openai}.
     *
     * @return a lower-case name
     */
    String provider();

    /**
     * Opens a client for one model profile. Keep it free of network calls; connect on first use.
     *
     * @param profile the endpoint, model and options of the profile; the engine has already applied private mode
     * @return the client; if it implements {@link AutoCloseable} the engine closes it on shutdown
     * @throws SecAiException when the profile cannot work (an endpoint that is not an address, {@code http://} to a
     *     remote host), with a message naming the setting to fix
     */
    LlmClient connect(ModelProfile profile);
}
