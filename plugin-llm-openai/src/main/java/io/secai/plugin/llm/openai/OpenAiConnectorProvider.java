package io.secai.plugin.llm.openai;

import io.secai.api.ApiVersion;
import io.secai.api.Client;
import io.secai.api.ClientProvider;
import io.secai.api.LlmConnector;
import io.secai.api.PluginContext;

/** Contributes the {@code openai} model connector to SecAI. */
public final class OpenAiConnectorProvider implements ClientProvider {

    @Override
    public Class<? extends Client> type() {
        return LlmConnector.class;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Client create(PluginContext context) {
        return new OpenAiConnector(CapabilityStore.in(context.dataDirectory()));
    }
}
