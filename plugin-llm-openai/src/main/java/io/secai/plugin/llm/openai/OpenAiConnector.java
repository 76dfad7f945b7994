package io.secai.plugin.llm.openai;

import io.secai.api.LlmClient;
import io.secai.api.LlmConnector;
import io.secai.api.ModelProfile;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens clients for profiles whose provider is {@code openai}: the OpenAI API or any server that speaks its
 * chat-completions wire format.
 */
final class OpenAiConnector implements LlmConnector, AutoCloseable {

    /** The provider name in {@code llm.provider}. */
    static final String PROVIDER = "openai";

    private final List<OpenAiCompatibleClient> opened = new CopyOnWriteArrayList<>();
    private final CapabilityStore store;

    /** @param store where what each model accepts is remembered between starts */
    OpenAiConnector(CapabilityStore store) {
        this.store = store;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public LlmClient connect(ModelProfile profile) {
        OpenAiCompatibleClient client = new OpenAiCompatibleClient(ProfileSettings.from(profile), store);
        opened.add(client);
        return client;
    }

    @Override
    public void close() {
        opened.forEach(OpenAiCompatibleClient::close);
        opened.clear();
    }

    @Override
    public String toString() {
        return "OpenAiConnector[" + opened.size() + " clients]";
    }
}
