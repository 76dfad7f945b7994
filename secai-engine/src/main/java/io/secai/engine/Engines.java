package io.secai.engine;

import io.secai.api.LlmClient;
import io.secai.api.LlmConnector;
import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.engine.audit.AuditException;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.audit.JsonlAuditLog;
import io.secai.engine.audit.AuditSettings;
import io.secai.engine.execution.ContextPolicy;
import io.secai.engine.execution.Deadlines;
import io.secai.engine.folder.DataFolderLock;
import io.secai.engine.folder.LeftoverFiles;
import io.secai.engine.execution.PromptLimits;
import io.secai.engine.execution.PromptRunner;
import io.secai.engine.llm.AzureOpenAiClient;
import io.secai.engine.llm.LlmSettings;
import io.secai.engine.llm.ModelRouter;
import io.secai.engine.privacy.Privacy;
import io.secai.engine.privacy.PrivacyGate;
import io.secai.engine.privacy.PrivacyRegistry;
import io.secai.engine.privacy.PrivacySettings;
import io.secai.engine.llm.ObservableLlmClient;
import io.secai.engine.llm.OpenAiSettings;
import io.secai.engine.planner.LlmPlanner;
import io.secai.engine.platform.Platform;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.RollingSummary;
import io.secai.engine.session.SessionRegistry;
import io.secai.engine.session.ReadOnlySessionStore;
import io.secai.engine.session.SessionSettings;
import io.secai.engine.session.SessionStore;
import io.secai.engine.session.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Starts SecAI's engine: the one place where the platform, the model client, the planner, the sessions, the
 * runner and the audit log are put together.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private Engines() {
    }

    /**
     * Starts an engine. Never waits for a sign-in or a network call; what is missing becomes a
     * {@linkplain Engine#notices() notice}.
     *
     * @param options the command line and process environment
     * @return the running engine
     * @throws SecAiException when the configuration cannot be read at all (a missing {@code --config} file,
     *     invalid HOCON, an unknown authentication method)
     */
    public static Engine start(EngineOptions options) {
        return start(options, notice -> { });
    }

    /**
     * Starts an engine, handing notices raised after the start (a device code to enter, a sign-in that failed) to
     * {@code laterNotices} as they happen.
     *
     * @param options the command line and process environment
     * @param laterNotices receives notices raised after the start
     * @return the running engine
     * @throws SecAiException as for {@link #start(EngineOptions)}
     */
    public static Engine start(EngineOptions options, Consumer<String> laterNotices) {
        // Plugins load after the host's clients exist, so the router finds their model connector on first use.
        AtomicReference<Platform> started = new AtomicReference<>();
        Platform platform = Platform.start(options, (settings, tokens) -> List.of(new ModelRouter(
                LlmSettings.from(settings),
                profile -> new AzureOpenAiClient(OpenAiSettings.from(settings).forProfile(profile), tokens),
                () -> Optional.ofNullable(started.get()).flatMap(p -> p.clients().get(LlmConnector.class)))),
                laterNotices);
        started.set(platform);
        // The first prompt's planning call should not wait for the model SDK's classes and HTTP client: they load
        // now, beside the plugins starting and the sessions opening.
        platform.hostClient(ObservableLlmClient.class).filter(ModelRouter.class::isInstance)
                .map(ModelRouter.class::cast).ifPresent(ModelRouter::prepareInBackground);
        DataFolderLock folder = null;
        try {
            Settings settings = platform.settings();
            SessionSettings sessionSettings = SessionSettings.from(settings, platform.dataDirectory());
            folder = DataFolderLock.acquire(platform.dataDirectory(), "secai");
            SessionStore store = sessionSettings.openStore(platform.redactor()::redact);
            if (folder.readOnlyReason().isPresent()) {
                store = new ReadOnlySessionStore(store, folder.readOnlyReason().get());
            }
            SessionRegistry sessions = new SessionRegistry(store, Clock.systemUTC(),
                    settings.integer("session.stored-rows", SessionRegistry.DEFAULT_STORED_ROWS));
            Optional<LlmClient> llm = platform.hostClient(LlmClient.class);
            ContextWindow window = ContextWindow.of(sessionSettings, tokenCounter(llm));
            List<String> startNotices = new ArrayList<>();
            AuditLog audit = AuditSettings.from(settings, platform.dataDirectory())
                    .open(platform.redactor()::redact);
            if (folder.readOnlyReason().isEmpty()) {
                startNotices.addAll(LeftoverFiles.clean(sessionSettings.sessionsDirectory()));
                if (audit instanceof JsonlAuditLog jsonl) {
                    try {
                        startNotices.addAll(jsonl.closeUnfinished(Clock.systemUTC().instant()));
                    } catch (AuditException e) {
                        startNotices.add(e.getMessage());
                    }
                }
            }
            ObservableLlmClient model = new PrivacyGate(observable(platform));
            // Earlier results reach the model as digests unless a task's plan names them; turns that leave the
            // window are summarised rather than dropped (session.result-digests, session.summary). The summary
            // call goes through the same privacy gate as planning.
            ContextPolicy context = new ContextPolicy(settings.bool("session.result-digests", true),
                    settings.bool("session.summary", true) ? Optional.of(new RollingSummary(model, window))
                            : Optional.empty());
            PrivacyRegistry privacy = new PrivacyRegistry(privacySettings(settings));
            // The plugins may still be starting: a prompt waits for them when it plans, on its own thread.
            PromptRunner runner = new PromptRunner(sessions, new LlmPlanner(model), platform::plugins,
                    type -> platform.clients().get(type), window, context, PromptLimits.from(settings),
                    Deadlines.from(settings), audit, Clock.systemUTC(), platform.redactor()::redact, privacy);
            Optional<ModelRouter> router = platform.hostClient(ObservableLlmClient.class)
                    .filter(ModelRouter.class::isInstance).map(ModelRouter.class::cast);

            List<String> modelNotices = router.map(ModelRouter::notices).orElse(List.of());
            modelNotices.forEach(notice -> LOG.info("{}", notice));
            return new DefaultEngine(platform, sessions, runner, modelNotices, router, folder,
                    List.copyOf(startNotices), privacy);
        } catch (RuntimeException | Error e) {
            if (folder != null) {
                folder.close();
            }
            platform.close();
            throw e;
        }
    }

    private static PrivacySettings privacySettings(Settings settings) {
        try {
            return PrivacySettings.from(settings);
        } catch (IllegalArgumentException e) {
            throw new SecAiException(e.getMessage());
        }
    }

    private static ObservableLlmClient observable(Platform platform) {
        return platform.hostClient(ObservableLlmClient.class)
                .orElseThrow(() -> new SecAiException("The model client could not be created: "
                        + String.join(" ", platform.notices())));
    }

    private static ToIntFunction<String> tokenCounter(Optional<LlmClient> llm) {
        // Without a model client, a rough four-characters-per-token estimate still keeps the window in budget.
        return llm.<ToIntFunction<String>>map(client -> client::countTokens).orElse(text -> text.length() / 4);
    }

    private record DefaultEngine(Platform platform, SessionRegistry sessionRegistry, PromptRunner runner,
                                 List<String> modelNotices, Optional<ModelRouter> router, DataFolderLock folder,
                                 List<String> startNotices, Privacy privacy) implements Engine {

        @Override
        public List<ModelUsage> modelUsage() {
            return router.map(ModelRouter::usageByModel).orElse(List.of());
        }

        @Override
        public List<io.secai.api.Check> checks() {
            return new io.secai.engine.doctor.Doctor(platform, java.time.Duration.ofSeconds(60)).run();
        }

        @Override
        public List<PluginStatus> plugins() {
            return platform.statuses();
        }

        @Override
        public List<PluginCommand> commands() {
            return platform.commands();
        }

        @Override
        public List<String> notices() {
            // The platform's notices grow after the start (a device code, a failed sign-in); the sessions' do not.
            List<String> all = new ArrayList<>(platform.notices());
            all.addAll(modelNotices);
            folder.readOnlyReason().ifPresent(all::add);
            folder.recovered().ifPresent(all::add);
            all.addAll(startNotices);
            all.addAll(sessionRegistry.notices());
            return List.copyOf(all);
        }

        @Override
        public Settings settings() {
            return platform.settings();
        }

        @Override
        public io.secai.api.Redactor redactor() {
            return platform.redactor();
        }

        @Override
        public Sessions sessions() {
            return sessionRegistry;
        }

        @Override
        public PromptRun submit(String sessionId, String prompt, ProgressListener listener) {
            if (folder.readOnlyReason().isPresent()) {
                return PromptRunner.refusal(folder.readOnlyReason().get(), listener);
            }
            return runner.submit(sessionId, prompt, listener);
        }

        @Override
        public void close() {
            try {
                runner.close();
            } finally {
                try {
                    platform.close();
                } finally {
                    folder.close();
                }
            }
        }
    }
}
