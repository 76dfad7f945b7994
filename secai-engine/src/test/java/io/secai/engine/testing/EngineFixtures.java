package io.secai.engine.testing;

import io.secai.engine.EngineOptions;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Engine options for tests that start the whole engine: no process environment, no JVM properties, no sign-in,
 * every setting given explicitly.
 */
public final class EngineFixtures {

    /** The API key the tests configure; it must never reach the audit log or a message. */
    public static final String API_KEY = "sk-e2e-7f3a91c4d2b8e605";
    /** The model deployment the tests configure. */
    public static final String DEPLOYMENT = "gpt-4o-e2e";
    /** Who owns the sessions the tests create. */
    public static final String OWNER = "analyst";

    private static final long OUTCOME_WAIT_SECONDS = 60;

    private EngineFixtures() {
    }

    /**
     * Settings for a model at {@code endpoint}, with waits capped at one second.
     *
     * @param endpoint the Azure OpenAI endpoint
     * @return the {@code openai.*} settings
     */
    public static Map<String, String> openAi(String endpoint) {
        return Map.of(
                "openai.endpoint", endpoint,
                "openai.api-key", API_KEY,
                "openai.deployment", DEPLOYMENT,
                "openai.retry.max-wait", "1s");
    }

    /**
     * @param work the folder holding {@code .env} (none) and, unless {@code settings} says otherwise, the data folder
     * @param pluginsDir the plugins folder
     * @param settings settings by dotted path; {@code secai.data-dir} defaults to {@code work/data}
     * @return the options
     */
    public static EngineOptions options(Path work, Path pluginsDir, Map<String, String> settings) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("secai.data-dir", work.resolve("data").toString());
        overrides.putAll(settings);
        return EngineOptions.fromProcess()
                .withEnvironment(Map.of())
                .withWorkingDirectory(work)
                .withPluginsDir(pluginsDir)
                .withAuth("none")
                .withOverrides(overrides);
    }

    /**
     * @param run a submitted run
     * @return its outcome, waiting at most a minute
     */
    public static PromptOutcome await(PromptRun run) throws Exception {
        return run.outcome().get(OUTCOME_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
