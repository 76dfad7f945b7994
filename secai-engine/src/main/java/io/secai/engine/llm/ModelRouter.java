package io.secai.engine.llm;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.LlmConnector;
import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;
import io.secai.api.TokenUsage;
import io.secai.engine.ModelUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's model client: sends each call to the model of its {@linkplain ModelRole role}, opening one client
 * per profile on first use, with the built-in Azure OpenAI client or with the {@link LlmConnector} a plugin
 * contributes for the profile's provider. Private mode is applied before any client exists. Tokens are counted per
 * model. Thread-safe.
 */
public final class ModelRouter implements ObservableLlmClient, AutoCloseable {

    private final LlmSettings settings;
    private final PrivateMode privateMode;
    private final Function<ModelProfile, LlmClient> azure;
    private final Supplier<Optional<LlmConnector>> connector;
    private final Map<String, LlmClient> clients = new LinkedHashMap<>();
    private final Map<String, ModelUsage> usageByProfile = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param settings the profiles and roles
     * @param azure opens a client for an {@code azure-openai} profile
     * @param connector the connector plugins contribute, looked up on first use (plugins load after this exists)
     */
    public ModelRouter(LlmSettings settings, Function<ModelProfile, LlmClient> azure,
                       Supplier<Optional<LlmConnector>> connector) {
        this.settings = settings;
        this.privateMode = new PrivateMode(settings.localOnly(), settings.allowedHosts());
        this.azure = azure;
        this.connector = connector;
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        ClientOfModel target = clientFor(ModelRole.of(request.purpose()));
        ChatResponse response = target.client() instanceof ObservableLlmClient observable
                ? observable.complete(request, observer) : target.client().complete(request);
        return counted(target, response);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        ClientOfModel target = clientFor(ModelRole.of(request.purpose()));
        ChatResponse response = target.client() instanceof ObservableLlmClient observable
                ? observable.stream(request, onDelta, observer) : target.client().stream(request, onDelta);
        return counted(target, response);
    }

    @Override
    public int countTokens(String text) {
        try {
            return clientFor(ModelRole.ANSWER).client().countTokens(text);
        } catch (SecAiException e) {
            // Budgeting goes on without a usable model; the call itself will say what is wrong.
            return (text.length() + 3) / 4;
        }
    }

    @Override
    public boolean countsTokensExactly() {
        try {
            return clientFor(ModelRole.ANSWER).client().countsTokensExactly();
        } catch (SecAiException e) {
            return false;
        }
    }

    /** @return calls and tokens so far, per profile, in the order the profiles were first used */
    public synchronized List<ModelUsage> usageByModel() {
        return List.copyOf(usageByProfile.values());
    }

    /** @return the profile of each role, for diagnostics */
    public LlmSettings settings() {
        return settings;
    }

    /**
     * Lines for the user at start: private mode and what it refuses, and which model each role uses when they
     * differ.
     *
     * @return the notices, possibly none
     */
    public List<String> notices() {
        List<String> lines = new ArrayList<>();
        if (privateMode.on()) {
            lines.add("Private mode is on (llm.local-only): model calls go only to this machine"
                    + (settings.allowedHosts().isEmpty() ? "" : " and " + String.join(", ", settings.allowedHosts()))
                    + ".");
            settings.profiles().values().stream()
                    .filter(profile -> settings.roles().containsValue(profile.name()))
                    .map(privateMode::refusal).flatMap(Optional::stream).forEach(lines::add);
        }
        return lines;
    }

    /**
     * Opens the planner's client on a background thread, if it is the built-in Azure OpenAI client, and has it load
     * its SDK and build its HTTP client, so that the first prompt's planning call does not wait for that. Sends
     * nothing and asks for no token; a problem (a missing endpoint) is left for the first call to report.
     */
    public void prepareInBackground() {
        ModelProfile profile = settings.profileFor(ModelRole.PLANNER);
        if (!profile.provider().equals(LlmSettings.AZURE_OPENAI) || privateMode.refusal(profile).isPresent()) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                LlmClient client;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    client = clientFor(ModelRole.PLANNER).client();
                }
                if (client instanceof AzureOpenAiClient azureClient) {
                    azureClient.prepare();
                }
            } catch (RuntimeException e) {
                // The first call meets the same problem and says what to do about it.
            }
        }, "secai-model-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (LlmClient client : clients.values()) {
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Closing frees connections; a failure here loses nothing the user needs.
                }
            }
        }
        clients.clear();
    }

    @Override
    public String toString() {
        return "ModelRouter[" + settings + "]";
    }

    private record ClientOfModel(ModelProfile profile, LlmClient client) {
    }

    private synchronized ClientOfModel clientFor(ModelRole role) {
        ModelProfile profile = settings.profileFor(role);
        Optional<String> refusal = privateMode.refusal(profile);
        if (refusal.isPresent()) {
            throw new ServiceException("Model", Kind.REJECTED, refusal.get());
        }
        LlmClient client = clients.get(profile.name());
        if (client == null) {
            client = open(profile);
            clients.put(profile.name(), client);
        }
        return new ClientOfModel(profile, client);
    }

    private LlmClient open(ModelProfile profile) {
        if (profile.provider().equals(LlmSettings.AZURE_OPENAI)) {
            return azure.apply(profile);
        }
        LlmConnector found = connector.get().filter(each -> each.provider().equals(profile.provider()))
                .orElseThrow(() -> new ServiceException("Model", Kind.UNAVAILABLE, "the model profile \""
                        + profile.name() + "\" uses the provider \"" + profile.provider() + "\", which no loaded "
                        + "plugin provides; for \"openai\" install plugin-llm-openai into the plugins folder."));
        try {
            return found.connect(profile);
        } catch (SecAiException e) {
            throw new ServiceException("Model", Kind.UNAVAILABLE, e.getMessage(), e);
        }
    }

    private synchronized ChatResponse counted(ClientOfModel target, ChatResponse response) {
        ModelProfile profile = target.profile();
        TokenUsage before = Optional.ofNullable(usageByProfile.get(profile.name())).map(ModelUsage::usage)
                .orElse(TokenUsage.NONE);
        usageByProfile.put(profile.name(), new ModelUsage(profile.name(), profile.provider(), profile.model(),
                before.plus(response.usage()), target.client().countsTokensExactly(), profile.options()));
        return response;
    }
}
