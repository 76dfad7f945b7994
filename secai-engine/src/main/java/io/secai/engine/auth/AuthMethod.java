package io.secai.engine.auth;

import io.secai.api.SecAiException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How SecAI signs in to Entra ID, named as the Python original named them ({@code --auth}, {@code azure.auth}). */
public enum AuthMethod {
    /** A browser window on this machine. */
    INTERACTIVE("interactive"),
    /** An app registration's client secret ({@code azure.tenant-id}, {@code client-id}, {@code client-secret}). */
    CLIENT_SECRET("client_secret"),
    /** DefaultAzureCredential: environment, workload or managed identity, Azure CLI, ... */
    DEFAULT("default"),
    /** A code to enter on another device, for SSH sessions and hosts without a browser. */
    DEVICE_CODE("device_code"),
    /** The account the Azure CLI ({@code az login}) is signed in with. */
    AZURE_CLI("azure_cli"),
    /**
     * A bearer token obtained elsewhere ({@code azure.access-token}, e.g. from {@code az account get-access-token}
     * or a pipeline's federated login), used as it is until it expires.
     */
    ACCESS_TOKEN("access_token"),
    /** No sign-in: features that need an Azure identity say so. */
    NONE("none");

    private final String configName;

    AuthMethod(String configName) {
        this.configName = configName;
    }

    /**
     * Gives the name used on the command line and in the configuration.
     *
     * @return the name, such as {@code device_code}
     */
    public String configName() {
        return configName;
    }

    /**
     * Finds a method by name.
     *
     * @param name a method name, in any case, with {@code _} or {@code -}
     * @return the method, or empty when the name is unknown
     */
    public static Optional<AuthMethod> find(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(method -> method.configName.equals(normalized)).findFirst();
    }

    /**
     * Reads a method name.
     *
     * @param name a method name, in any case, with {@code _} or {@code -}
     * @return the method
     * @throws SecAiException naming the valid methods when the name is unknown
     */
    public static AuthMethod parse(String name) {
        return find(name)
                .orElseThrow(() -> new SecAiException("Unknown authentication method '" + name + "': use one of "
                        + Arrays.stream(values()).map(AuthMethod::configName).collect(Collectors.joining(", "))
                        + " (--auth or azure.auth)."));
    }

    @Override
    public String toString() {
        return configName;
    }
}
