package io.secai.engine;

import io.secai.engine.privacy.Privacy;

import io.secai.api.Redactor;
import io.secai.api.Settings;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.session.Sessions;

import java.util.List;

/**
 * SecAI's engine: the one object the frontends talk to.
 *
 * <p>It owns the loaded plugins, the clients, the sessions and the audit log. Frontends submit prompts to a
 * session and render the {@link io.secai.engine.ProgressEvent}s and the {@link PromptOutcome} themselves.
 * Implementations are thread-safe: many sessions may run prompts at once.
 */
public interface Engine extends AutoCloseable {

    /**
     * Every plugin found in plugins-dir, loaded or failed, in a stable order.
     *
     * @return the statuses
     */
    List<PluginStatus> plugins();

    /**
     * The subcommands the loaded plugins contribute to the command line.
     *
     * @return the commands, sorted by name
     */
    List<PluginCommand> commands();

    /**
     * Lines for the user about the start: missing configuration and what to set, plugins that failed, a login
     * still in progress or failed. Empty when all is well.
     *
     * @return the notices, one line each
     */
    List<String> notices();

    /**
     * The merged configuration.
     *
     * @return the settings
     */
    Settings settings();

    /**
     * The one redaction service: masks the configured secrets (in every encoding), bearer tokens and JWTs. Every
     * frontend passes what it shows or writes through it.
     *
     * @return the redactor for this configuration
     */
    default Redactor redactor() {
        return SecretRedactor.of(settings());
    }

    /**
     * The sessions.
     *
     * @return the session store's view
     */
    Sessions sessions();

    /**
     * Starts running a prompt in a session and returns at once.
     *
     * <p>An empty prompt, one over the configured size, or an unknown session does not start anything: the
     * returned run's outcome is already complete with status {@link PromptOutcome.Status#REFUSED} and a message
     * saying why. Nothing is ever thrown for bad input.
     *
     * @param sessionId the session
     * @param prompt what the user typed
     * @param listener receives the progress events of this run
     * @return the run, to await or cancel
     */
    PromptRun submit(String sessionId, String prompt, ProgressListener listener);

    /**
     * Calls and tokens per model profile since the start, in the order the models were first used, so that a
     * cheap planner and a strong KQL writer are reported (and priced) apart.
     *
     * @return one entry per profile that was called; empty before the first call
     */
    default List<ModelUsage> modelUsage() {
        return List.of();
    }

    /**
     * Anonymization per session ({@code privacy.anonymize} sets whether a session starts with it on).
     *
     * @return the switch and the sessions' anonymizers; {@link Privacy#OFF} for engines without it
     */
    default Privacy privacy() {
        return Privacy.OFF;
    }

    /** Stops running prompts, closes the plugins and the clients. */
    @Override
    void close();
}
