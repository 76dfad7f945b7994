package io.secai.plugin.kql;

import io.secai.api.Settings;

import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's settings, read once from {@code plugins.sentinel-kql.*} (defaults in its {@code reference.conf}).
 *
 * @param loadSchema whether to build the extended schema in the background
 * @param schemaConcurrency tables worked on at once while building it
 * @param endpoint the query endpoint override, empty for the public cloud
 * @param rowCap rows a query may return unless it bounds them itself
 * @param defaultTimespan the query API's time range when the model asks for none
 * @param maxRepairs repairs after the service rejects a query
 * @param serverTimeout how long the service may run one query
 * @param httpRetries retries of throttled or unavailable calls
 * @param shortlistSize tables shown to the model
 * @param contextMaxRows result rows later prompts see
 * @param contextMaxChars characters later prompts see of one result
 * @param allowCrossResource whether cross-workspace and cross-cluster references may run
 */
public record KqlSettings(boolean loadSchema, int schemaConcurrency, Optional<String> endpoint, int rowCap,
                          Duration defaultTimespan, int maxRepairs, Duration serverTimeout, int httpRetries,
                          int shortlistSize, int contextMaxRows, int contextMaxChars, boolean allowCrossResource) {

    static final String PREFIX = "plugins.sentinel-kql.";

    /**
     * @param settings SecAI's settings
     * @return the plugin's part of them, with defaults where unset
     */
    public static KqlSettings from(Settings settings) {
        return new KqlSettings(
                settings.bool(PREFIX + "load-schema", true),
                Math.max(1, settings.integer(PREFIX + "schema-concurrency", 4)),
                settings.string(PREFIX + "endpoint"),
                Math.max(0, settings.integer(PREFIX + "row-cap", 100)),
                settings.duration(PREFIX + "default-timespan", Duration.ofDays(30)),
                Math.max(0, settings.integer(PREFIX + "max-repairs", 2)),
                settings.duration(PREFIX + "server-timeout", Duration.ofMinutes(3)),
                Math.max(0, settings.integer(PREFIX + "http-retries", 2)),
                Math.max(1, settings.integer(PREFIX + "shortlist-size", 5)),
                Math.max(0, settings.integer(PREFIX + "context-max-rows", 20)),
                Math.max(200, settings.integer(PREFIX + "context-max-chars", 4000)),
                settings.bool(PREFIX + "allow-cross-resource", false));
    }
}
