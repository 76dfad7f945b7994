package io.secai.engine.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.CredentialBuilderBase;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.DeviceCodeCredentialBuilder;
import com.azure.identity.InteractiveBrowserCredentialBuilder;
import io.secai.api.Settings;
import io.secai.engine.http.AzureTransport;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the azure-identity credential for a method from SecAI's settings. Building never signs in: every
 * credential contacts Entra ID on its first token request.
 */
final class Credentials {

    private final Settings settings;
    private final Map<String, String> environment;
    private final Consumer<String> notices;

    /**
     * @param settings where tenant, client and authority come from
     * @param environment the process environment, for the parts of DefaultAzureCredential that read it
     * @param notices receives text the user must act on (the device code)
     */
    Credentials(Settings settings, Map<String, String> environment, Consumer<String> notices) {
        this.settings = settings;
        this.environment = Map.copyOf(environment);
        this.notices = notices;
    }

    /**
     * @param method how to sign in, not {@link AuthMethod#NONE}
     * @return the credential
     * @throws IllegalArgumentException when azure-identity rejects the settings (for example a malformed tenant)
     */
    TokenCredential build(AuthMethod method) {
        return switch (method) {
            case CLIENT_SECRET -> aad(new ClientSecretCredentialBuilder()
                    .clientSecret(settings.string("azure.client-secret").orElse(null))).build();
            case INTERACTIVE -> aad(new InteractiveBrowserCredentialBuilder()).build();
            case DEVICE_CODE -> aad(new DeviceCodeCredentialBuilder()
                    .challengeConsumer(challenge -> notices.accept(challenge.getMessage()))).build();
            case AZURE_CLI -> {
                AzureCliCredentialBuilder builder = common(new AzureCliCredentialBuilder());
                settings.string("azure.tenant-id").ifPresent(builder::tenantId);
                yield builder.build();
            }
            case DEFAULT -> {
                DefaultAzureCredentialBuilder builder = common(new DefaultAzureCredentialBuilder())
                        .authorityHost(authorityHost());
                settings.string("azure.tenant-id").ifPresent(builder::tenantId);
                if (!settings.bool("azure.instance-discovery", true)) {
                    builder.disableInstanceDiscovery();
                }
                yield builder.build();
            }
            case ACCESS_TOKEN -> {
                String token = settings.string("azure.access-token").orElseThrow();
                // The token's real expiry is unknown here; Entra ID access tokens live at least an hour.
                yield request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusMinutes(55)));
            }
            case NONE -> throw new IllegalArgumentException("no credential for " + method);
        };
    }

    /**
     * @param method how to sign in
     * @return the settings the method cannot work without that are not set
     */
    List<String> missingSettings(AuthMethod method) {
        List<String> required = switch (method) {
            case CLIENT_SECRET -> List.of("azure.tenant-id", "azure.client-id", "azure.client-secret");
            case ACCESS_TOKEN -> List.of("azure.access-token");
            default -> List.of();
        };
        return required.stream().filter(path -> settings.string(path).isEmpty()).toList();
    }

    private <T extends AadCredentialBuilderBase<T>> T aad(T builder) {
        // The pipeline MSAL sends its requests through has its own retry policy; bound it by the same setting.
        common(builder).retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(retries())))
                .authorityHost(authorityHost());
        settings.string("azure.tenant-id").ifPresent(builder::tenantId);
        settings.string("azure.client-id").ifPresent(builder::clientId);
        if (!settings.bool("azure.instance-discovery", true)) {
            builder.disableInstanceDiscovery();
        }
        return builder;
    }

    /**
     * What every credential shares. No retry options here: DefaultAzureCredential's managed identity sets its own
     * retry policy, and azure-core refuses a pipeline given both ("'retryPolicy' and 'retryOptions' cannot both be
     * set"), which failed the whole chain before it reached the Azure CLI.
     */
    private <T extends CredentialBuilderBase<T>> T common(T builder) {
        return builder.httpClient(httpClient())
                .configuration(configuration())
                .maxRetry(retries());
    }

    private int retries() {
        return Math.max(0, settings.integer("azure.auth-max-retries", 1));
    }

    private String authorityHost() {
        return settings.string("azure.authority-host").orElse("https://login.microsoftonline.com/");
    }

    private static HttpClient httpClient() {
        return AzureTransport.build("entra");
    }

    /**
     * azure-identity reads AZURE_CLIENT_ID and friends from its Configuration; the Python original's users set them
     * in .env or application.conf, which the process environment does not hold. Hand azure-identity the same view
     * of them as SecAI has.
     */
    private Configuration configuration() {
        Map<String, String> variables = new HashMap<>(environment);
        putIfSet(variables, Configuration.PROPERTY_AZURE_TENANT_ID, "azure.tenant-id");
        putIfSet(variables, Configuration.PROPERTY_AZURE_CLIENT_ID, "azure.client-id");
        putIfSet(variables, Configuration.PROPERTY_AZURE_CLIENT_SECRET, "azure.client-secret");
        Map<String, String> snapshot = Map.copyOf(variables);
        return new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> snapshot).build();
    }

    private void putIfSet(Map<String, String> variables, String variable, String path) {
        Optional<String> value = settings.string(path);
        value.ifPresent(text -> variables.put(variable, text));
    }
}
