package io.secai.engine.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables SecAI honours and the settings they set: those the Python original read, under exactly
 * its names so that its users switch without editing a {@code .env} file, and the model provider's
 * ({@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, as the OpenAI SDK reads them).
 */
final class EnvironmentVariables {

    /** Variable name → dotted settings path, in the order the original documented them. */
    static final Map<String, String> TO_PATH;

    static {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("AZURE_TENANT_ID", "azure.tenant-id");
        mapping.put("AZURE_CLIENT_ID", "azure.client-id");
        mapping.put("AZURE_CLIENT_SECRET", "azure.client-secret");
        mapping.put("AZURE_SUBSCRIPTION_ID", "azure.subscription-id");
        mapping.put("AZURE_RESOURCEGROUP_NAME", "azure.resource-group");
        mapping.put("AZURE_WORKSPACE_NAME", "azure.workspace-name");
        mapping.put("AZURE_WORKSPACE_ID", "azure.workspace-id");
        mapping.put("AZURE_OPENAI_ENDPOINT", "openai.endpoint");
        mapping.put("AZURE_OPENAI_APIKEY", "openai.api-key");
        mapping.put("AZURE_OPENAI_MODELNAME", "openai.deployment");
        // The model provider's own names: the OpenAI SDK's variables, and SecAI's for what they do not cover.
        mapping.put("SECAI_LLM_PROVIDER", "llm.provider");
        mapping.put("SECAI_LLM_MODEL", "llm.model");
        mapping.put("OPENAI_BASE_URL", "llm.endpoint");
        mapping.put("OPENAI_API_KEY", "llm.api-key");
        mapping.put("ASSISTANT_CONTEXT_WINDOW_SIZE", "session.window-size");
        mapping.put("SENTINELKQL_LOADSCHEMA", "plugins.sentinel-kql.load-schema");
        TO_PATH = java.util.Collections.unmodifiableMap(mapping);
    }

    private EnvironmentVariables() {
    }

    /**
     * @param path a dotted settings path
     * @return the variable that sets it, if any
     */
    static Optional<String> forPath(String path) {
        return TO_PATH.entrySet().stream()
                .filter(entry -> entry.getValue().equals(path))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * @param variables environment variables (or {@code .env} entries)
     * @return the settings they set, by dotted path; variables not in the list are ignored
     */
    static Map<String, String> toSettings(Map<String, String> variables) {
        Map<String, String> settings = new LinkedHashMap<>();
        TO_PATH.forEach((variable, path) -> {
            String value = variables.get(variable);
            if (value != null) {
                settings.put(path, value);
            }
        });
        return settings;
    }
}
