package io.secai.engine.auth;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.secai.api.AccessToken;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.Settings;
import io.secai.api.TokenProvider;
import io.secai.engine.config.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Access tokens from Entra ID through azure-identity, for the engine and for plugins.
 *
 * <p>Creating it never signs in: the first {@link #token} does (a browser or a device code for the interactive
 * methods), so SecAI starts without waiting for a login. Tokens are cached per set of scopes until shortly before
 * they expire. A failed or impossible sign-in never throws anything but a {@link ServiceException} of kind
 * {@link ServiceException.Kind#UNAVAILABLE} saying why, so features that need no Azure identity keep working.
 */
public final class EntraTokenProvider implements TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenProvider.class);
    private static final String SERVICE = "Entra ID";
    /** Refresh this long before expiry, so a token never runs out in the middle of a query. */
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final AuthMethod method;
    private final String signInService;
    private final Optional<TokenCredential> credential;
    private final Optional<String> unavailableReason;
    private final SecretRedactor redactor;
    private final Consumer<String> notices;
    private final Clock clock;
    private final Map<Set<String>, AccessToken> cache = new ConcurrentHashMap<>();
    // One sign-in at a time: two sessions asking at once must not open two browser windows.
    private final ReentrantLock signIn = new ReentrantLock();
    private volatile String lastFailure;

    EntraTokenProvider(AuthMethod method, String signInService, Optional<TokenCredential> credential,
                       Optional<String> unavailableReason, SecretRedactor redactor, Consumer<String> notices,
                       Clock clock) {
        this.method = method;
        this.signInService = signInService;
        this.credential = credential;
        this.unavailableReason = unavailableReason;
        this.redactor = redactor;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Builds the provider for the configured method without contacting Entra ID.
     *
     * @param settings the merged settings ({@code azure.*})
     * @param method the method from {@code --auth}; when empty, the {@code azure.auth} setting
     * @param environment the process environment, which DefaultAzureCredential also reads
     * @param redactor masks secrets in the reasons shown to the user
     * @param notices receives lines for the user: the device code to enter, a sign-in that failed
     * @return the provider
     * @throws SecAiException when the method's name is unknown, listing the valid ones
     */
    public static EntraTokenProvider create(Settings settings, Optional<String> method,
                                            Map<String, String> environment, SecretRedactor redactor,
                                            Consumer<String> notices) {
        AuthMethod chosen = AuthMethod.parse(method.orElseGet(() -> settings.string("azure.auth").orElse("default")));
        String signInService = chosen == AuthMethod.AZURE_CLI ? "the Azure CLI"
                : settings.string("azure.authority-host").orElse("Entra ID");
        if (chosen == AuthMethod.NONE) {
            return new EntraTokenProvider(chosen, signInService, Optional.empty(),
                    Optional.of("Authentication is off (--auth none): choose another method with --auth or"
                            + " azure.auth to use Azure services that need a signed-in identity."),
                    redactor, notices, Clock.systemUTC());
        }
        Credentials credentials = new Credentials(settings, environment, notices);
        List<String> missing = credentials.missingSettings(chosen);
        if (!missing.isEmpty()) {
            return new EntraTokenProvider(chosen, signInService, Optional.empty(),
                    Optional.of("Azure sign-in (" + chosen + ") needs " + String.join(", ", missing)
                            + (chosen == AuthMethod.CLIENT_SECRET
                                    ? ": set them in application.conf, the environment or .env ("
                                            + "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)."
                                    : ": set it in application.conf.")),
                    redactor, notices, Clock.systemUTC());
        }
        try {
            return new EntraTokenProvider(chosen, signInService, Optional.of(credentials.build(chosen)), Optional.empty(), redactor,
                    notices, Clock.systemUTC());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new EntraTokenProvider(chosen, signInService, Optional.empty(),
                    Optional.of("Azure sign-in (" + chosen + ") is not possible with these settings: "
                            + redactor.redact(e.getMessage())),
                    redactor, notices, Clock.systemUTC());
        }
    }

    /** @return the sign-in method */
    public AuthMethod method() {
        return method;
    }

    /**
     * Why no token can ever be had with the current settings, known without contacting Entra ID: authentication
     * is off, or a setting the method needs is missing.
     *
     * @return the reason, for the start notices; empty when signing in will be tried
     */
    public Optional<String> unavailableReason() {
        return unavailableReason;
    }

    @Override
    public AccessToken token(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is needed");
        }
        if (credential.isEmpty()) {
            throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE, unavailableReason.orElseThrow());
        }
        Set<String> key = Set.copyOf(new TreeSet<>(scopes));
        AccessToken cached = cache.get(key);
        if (fresh(cached)) {
            return cached;
        }
        signIn.lock();
        try {
            cached = cache.get(key);
            if (fresh(cached)) {
                return cached;
            }
            AccessToken token = acquire(key);
            cache.put(key, token);
            return token;
        } finally {
            signIn.unlock();
        }
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.expiresAt().minus(REFRESH_MARGIN));
    }

    private AccessToken acquire(Set<String> scopes) {
        TokenRequestContext request = new TokenRequestContext().setScopes(List.copyOf(new TreeSet<>(scopes)));
        com.azure.core.credential.AccessToken token;
        try {
            token = credential.orElseThrow().getTokenSync(request);
        } catch (RuntimeException e) {
            throw failed(e);
        }
        if (token == null) {
            throw failed(new IllegalStateException("no token was returned"));
        }
        lastFailure = null;
        return AccessToken.of(token.getToken(), token.getExpiresAt().toInstant());
    }

    private ServiceException failed(RuntimeException error) {
        String reason = "Azure sign-in failed (" + method + "): " + redactor.redact(describe(error, signInService));
        LOG.debug("Azure sign-in failed ({})", method, error);
        if (!reason.equals(lastFailure)) {
            lastFailure = reason;
            notices.accept(reason);
        }
        return new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE, reason, error);
    }

    /**
     * SDK exceptions wrap the interesting part (an AADSTS code, a refused connection) a few causes deep, behind
     * messages that only repeat the class names of the wrappers, and put a long troubleshooting text after it.
     *
     * @param error what the credential threw
     * @param signInService what was being contacted, for a network failure
     * @return one line for the user
     */
    static String describe(Throwable error, String signInService) {
        List<String> lines = new ArrayList<>();
        Throwable network = null;
        int depth = 0;
        for (Throwable current = error; current != null && depth < 20; current = current.getCause(), depth++) {
            if (network == null && isNetwork(current)) {
                network = current;
            }
            String line = firstLine(current);
            if (!line.isEmpty() && lines.stream().noneMatch(seen -> seen.contains(line))) {
                lines.add(line);
            }
        }
        Optional<String> aadsts = lines.stream().filter(line -> line.contains("AADSTS"))
                .map(line -> line.substring(line.indexOf("AADSTS"))).findFirst();
        String result;
        if (aadsts.isPresent()) {
            result = aadsts.get();
        } else if (network != null) {
            result = "cannot connect to " + signInService + " (" + network.getClass().getSimpleName()
                    + (firstLine(network).isEmpty() || firstLine(network).equals(network.getClass().getSimpleName())
                    ? "" : ": " + firstLine(network)) + ")";
        } else {
            result = lines.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", lines);
        }
        return result.length() > 600 ? result.substring(0, 600) + "..." : result;
    }

    private static boolean isNetwork(Throwable error) {
        return error instanceof java.net.ConnectException || error instanceof java.net.UnknownHostException
                || error instanceof java.net.http.HttpTimeoutException
                || error instanceof java.net.SocketTimeoutException
                || error instanceof java.nio.channels.ClosedChannelException
                || error instanceof javax.net.ssl.SSLException;
    }

    /** The first line of the message without the "java.io.SomeException: " prefixes that wrappers add. */
    private static String firstLine(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        String stripped;
        while (!(stripped = CLASS_NAME_PREFIX.matcher(line).replaceFirst("")).equals(line)) {
            line = stripped.strip();
        }
        return line;
    }

    private static final java.util.regex.Pattern CLASS_NAME_PREFIX =
            java.util.regex.Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*|$)");

    @Override
    public String toString() {
        return "EntraTokenProvider[" + method + "]";
    }
}
