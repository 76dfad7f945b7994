package io.secai.engine.doctor;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.Check;
import io.secai.api.LlmClient;
import io.secai.api.Settings;
import io.secai.engine.PluginStatus;
import io.secai.engine.auth.AuthMethod;
import io.secai.engine.config.SettingsLoader;
import io.secai.engine.config.WorkspaceSettings;
import io.secai.engine.llm.AzureOpenAiClient;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.platform.Platform;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Checks a configuration the way a prompt would use it, one {@link Check} per step, in the order a prompt needs
 * them: the settings, the sign-in for the workspace and for the model, one tiny model call ({@code max_tokens}
 * 1), then each plugin: a failed load, or the plugin's own {@linkplain io.secai.api.Plugin#selfCheck() self-check}
 * (the Sentinel plugin's {@code print 1} and table list). A step whose prerequisite failed says so rather than fail
 * again with a less useful message. Each step has a deadline, so an interactive sign-in nobody completes or a
 * service that never answers does not hang the command.
 */
public final class Doctor {

    static final String CONFIGURATION = "configuration";
    static final String SIGN_IN_WORKSPACE = "sign-in (Log Analytics)";
    static final String SIGN_IN_MODEL = "sign-in (Azure OpenAI)";
    static final String MODEL = "model deployment (1-token call)";
    private static final String WHERE = " in application.conf, the environment or .env";
    private static final String WORKSPACE_SCOPE = "https://api.loganalytics.io/.default";

    private final Platform platform;
    private final Duration deadline;

    /**
     * @param platform the started platform: settings, identity, clients and plugins
     * @param deadline how long one step may take
     */
    public Doctor(Platform platform, Duration deadline) {
        this.platform = platform;
        this.deadline = deadline;
    }

    /** @return every check, in order; the secrets masked */
    public List<Check> run() {
        Settings settings = platform.settings();
        List<Check> checks = new ArrayList<>();
        List<String> missing = missingSettings(settings);
        checks.add(missing.isEmpty()
                ? Check.pass(CONFIGURATION, "the model and the workspace are configured")
                : Check.fail(CONFIGURATION, "missing " + String.join(", ", missing),
                        "set " + String.join(" and ", missing) + WHERE + " (application.conf.sample lists every "
                                + "key; ./secai --demo runs without any)"));
        boolean azureModel = provider(settings).equals("azure-openai");
        boolean modelKey = azureModel ? present(settings, "openai.api-key") : true;
        boolean workspace = WorkspaceSettings.anyConfigured(settings);
        checks.add(workspace ? signIn(SIGN_IN_WORKSPACE, workspaceScope(settings))
                : Check.fail(SIGN_IN_WORKSPACE, "not checked: no workspace is configured",
                        "set azure.workspace-id first"));
        if (azureModel && !modelKey) {
            checks.add(signIn(SIGN_IN_MODEL, AzureOpenAiClient.SCOPE));
        } else {
            checks.add(Check.pass(SIGN_IN_MODEL, azureModel ? "not needed: an API key is set (openai.api-key)"
                    : "not needed: llm.provider is " + provider(settings)));
        }
        checks.add(model(settings));
        for (PluginStatus status : platform.statuses()) {
            if (!status.loaded()) {
                checks.add(Check.fail(status.name() + ": loaded", status.reason().orElse("failed to load"),
                        "fix or remove " + status.source().getFileName() + " in plugins-dir (see secai plugins)"));
            }
        }
        for (LoadedPlugin plugin : platform.plugins()) {
            checks.addAll(selfCheck(plugin));
        }
        return checks.stream().map(check -> new Check(check.name(), check.ok(), redact(check.detail()),
                redact(check.fix()))).toList();
    }

    private Check signIn(String name, String scope) {
        AuthMethod method = platform.authMethod();
        if (method == AuthMethod.NONE) {
            return Check.fail(name, "no sign-in method (azure.auth is none)",
                    "choose one with --auth or azure.auth (client_secret, default, interactive, device_code, ...)");
        }
        return timed(name, () -> {
            platform.tokens().token(Set.of(scope));
            return Check.pass(name, "a token for " + scope.replace("/.default", "") + " via " + method.configName());
        }, e -> signInFix(method));
    }

    private static String signInFix(AuthMethod method) {
        return switch (method) {
            case NONE -> "choose a sign-in method with --auth or azure.auth";
            default -> method.configName().equals("client_secret")
                    ? "check azure.tenant-id, azure.client-id and azure.client-secret (AZURE_TENANT_ID, "
                            + "AZURE_CLIENT_ID, AZURE_CLIENT_SECRET): the app registration and its secret must exist"
                    : "sign in again with --auth " + method.configName() + ", or choose another method with --auth";
        };
    }

    private Check model(Settings settings) {
        Optional<LlmClient> llm = platform.clients().get(LlmClient.class);
        boolean configured = provider(settings).equals("azure-openai")
                ? present(settings, "openai.endpoint") && present(settings, "openai.deployment")
                : present(settings, "llm.model");
        if (!configured || llm.isEmpty()) {
            return Check.fail(MODEL, "not checked: the model is not configured", "fix the configuration first");
        }
        String deployment = provider(settings).equals("azure-openai")
                ? settings.string("openai.deployment").orElse("") : settings.string("llm.model").orElse("");
        return timed(MODEL, () -> {
            llm.get().complete(ChatRequest.of("doctor", List.of(ChatMessage.user("Reply with OK.")))
                    .withMaxTokens(1));
            return Check.pass(MODEL, deployment + " answered");
        }, Doctor::modelFix);
    }

    private static String modelFix(String message) {
        if (message.contains("404") || message.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            return "check openai.deployment (AZURE_OPENAI_MODELNAME): it must name a deployment of the resource at "
                    + "openai.endpoint (Azure AI Foundry, Deployments)";
        }
        if (message.contains("401") || message.contains("403")) {
            return "check openai.api-key (AZURE_OPENAI_APIKEY), or give the signed-in identity the Cognitive "
                    + "Services OpenAI User role";
        }
        return "check openai.endpoint (AZURE_OPENAI_ENDPOINT) and the network";
    }

    private List<Check> selfCheck(LoadedPlugin plugin) {
        String prefix = plugin.name() + ": ";
        List<Check> result = new ArrayList<>();
        Check timedOut = timed(prefix + "self-check", () -> {
            List<Check> own = plugin.call(() -> plugin.plugin().selfCheck());
            for (Check check : own == null ? List.<Check>of() : own) {
                result.add(new Check(prefix + check.name(), check.ok(), check.detail(), check.fix()));
            }
            return Check.pass(prefix + "self-check", "");
        }, message -> "see the plugin's help (secai help) and secai --debug doctor's log");
        if (!timedOut.ok()) {
            return List.of(timedOut);
        }
        if (result.isEmpty()) {
            result.add(Check.pass(prefix + "loaded", "version " + plugin.plugin().version() + "; nothing more to "
                    + "check"));
        }
        return result;
    }

    /** Runs one step with the deadline; a failure becomes a failed check whose fix depends on the message. */
    private Check timed(String name, Supplier<Check> step, java.util.function.Function<String, String> fix) {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "secai-doctor");
            thread.setDaemon(true);
            return thread;
        });
        Future<Check> future = executor.submit(step::get);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Check.fail(name, "no answer within " + deadline.toSeconds() + " s", fix.apply("timeout"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return Check.fail(name, message, fix.apply(message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(name, "interrupted", "run secai doctor again");
        } finally {
            executor.shutdownNow();
        }
    }

    private String redact(String text) {
        return platform.redactor().redact(text);
    }

    private static String provider(Settings settings) {
        return settings.string("llm.provider").map(String::trim).filter(p -> !p.isEmpty()).orElse("azure-openai");
    }

    private static boolean present(Settings settings, String key) {
        return settings.string(key).filter(value -> !value.isBlank()).isPresent();
    }

    /** The settings a prompt needs that are not set, each with its environment variable. */
    static List<String> missingSettings(Settings settings) {
        List<String> keys = new ArrayList<>(provider(settings).equals("azure-openai")
                ? List.of("openai.endpoint", "openai.deployment") : List.of("llm.model"));
        if (!WorkspaceSettings.anyConfigured(settings)) {
            keys.add(WorkspaceSettings.DEFAULT_ID);
        }
        return keys.stream().filter(key -> !present(settings, key))
                .map(key -> SettingsLoader.environmentVariableFor(key).map(v -> key + " (" + v + ")").orElse(key))
                .toList();
    }

    /** The Log Analytics scope: the configured query endpoint's host (a sovereign cloud), else the public one. */
    private static String workspaceScope(Settings settings) {
        Optional<String> endpoint = settings.string("plugins.sentinel-kql.endpoint").filter(e -> !e.isBlank());
        if (endpoint.isEmpty()) {
            return WORKSPACE_SCOPE;
        }
        try {
            URI uri = URI.create(endpoint.get().trim());
            return uri.getScheme() + "://" + uri.getHost() + "/.default";
        } catch (IllegalArgumentException e) {
            return WORKSPACE_SCOPE;
        }
    }
}
