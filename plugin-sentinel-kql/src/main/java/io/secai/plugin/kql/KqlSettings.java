package io.secai.plugin.kql;

import io.secai.api.Settings;
import io.secai.kql.guard.GuardOptions;

import java.time.Duration;
import java.util.List;
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
 * @param maxRows the most rows a query may return even when it asks for more itself
 * @param maxQueryChars the longest query the guard reads
 * @param externalDataUrls URL prefixes {@code externaldata} may read from (threat-intelligence feeds); empty: none
 */
public record KqlSettings(boolean loadSchema, int schemaConcurrency, Optional<String> endpoint, int rowCap,
                          Duration defaultTimespan, int maxRepairs, Duration serverTimeout, int httpRetries,
                          int shortlistSize, int contextMaxRows, int contextMaxChars, boolean allowCrossResource,
                          int maxRows, int maxQueryChars, List<String> externalDataUrls) {

    public KqlSettings {
        externalDataUrls = List.copyOf(externalDataUrls);
    }

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
                settings.bool(PREFIX + "allow-cross-resource", false),
                Math.max(1, settings.integer(PREFIX + "max-rows", GuardOptions.DEFAULT_MAX_ROWS)),
                Math.max(1_000, settings.integer(PREFIX + "max-query-chars", GuardOptions.DEFAULT_MAX_QUERY_CHARS)),
                settings.list(PREFIX + "externaldata.allow-urls"));
    }

    /**
     * @param generateOnly whether the query is only shown, never run (no row cap appended then)
     * @return the guard's options under these settings
     */
    public GuardOptions guardOptions(boolean generateOnly) {
        return new GuardOptions(generateOnly ? 0 : rowCap, allowCrossResource, true,
                Math.max(maxRows, rowCap), maxQueryChars, externalDataUrls);
    }
}
