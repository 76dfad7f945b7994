package io.secai.plugin.defender;

import io.secai.api.Settings;
import io.secai.plugin.defender.hunting.HuntingRunner;

import java.time.Duration;
import java.util.List;

/**
 * The plugin's settings ({@code plugins.defender-xdr.*}, defaults in its {@code reference.conf}).
 *
 * @param graphUrl Graph's base URL with its version
 * @param scope the token scope, empty for the Graph host's {@code .default}
 * @param pageSize {@code $top} of list calls
 * @param maxPages the most pages followed
 * @param throttleBudget the most waiting on throttled calls per task
 * @param requestTimeout how long one call may take
 * @param hunting the hunting runner's limits
 * @param schemaMaxAge how long columns read from the tenant stay cached
 * @param library the example library of advanced hunting
 */
record DefenderSettings(String graphUrl, String scope, int pageSize, int maxPages, Duration throttleBudget,
                        Duration requestTimeout, HuntingRunner.Limits hunting, Duration schemaMaxAge,
                        Library library) {
    private static final String PREFIX = "plugins.defender-xdr.";

    /**
     * {@code library} and {@code examples}, read as sentinel-kql reads its own: folders of known-good queries whose
     * closest ones go into the prompt.
     *
     * @param entries the {@code library} entries, as configured (made into folders, with a note for each that is not
     *     a path, by {@link io.secai.kql.examples.ExampleLibrary#fromSetting})
     * @param examples how many examples a hunting prompt shows (0: none)
     */
    record Library(List<String> entries, int examples) {
        /** The setting that names the folders. */
        static final String SETTING = PREFIX + "library";

        Library {
            entries = List.copyOf(entries);
        }

        static Library from(Settings settings) {
            return new Library(settings.list(SETTING), Math.max(0, settings.integer(PREFIX + "examples", 3)));
        }
    }

    static DefenderSettings from(Settings settings) {
        return new DefenderSettings(
                settings.string(PREFIX + "graph-url").orElse("https://graph.microsoft.com/v1.0"),
                settings.string(PREFIX + "scope").orElse(""),
                clamp(settings.integer(PREFIX + "page-size", 50), 1, 50),
                clamp(settings.integer(PREFIX + "max-pages", 10), 1, 1000),
                settings.duration(PREFIX + "throttle-budget", Duration.ofSeconds(60)),
                settings.duration(PREFIX + "request-timeout", Duration.ofMinutes(3)),
                new HuntingRunner.Limits(clamp(settings.integer(PREFIX + "shortlist-size", 5), 1, 20),
                        clamp(settings.integer(PREFIX + "row-cap", 100), 1, 100_000),
                        clamp(settings.integer(PREFIX + "max-rows", 5000), 1, 100_000),
                        clamp(settings.integer(PREFIX + "max-repairs", 2), 0, 5)),
                settings.duration(PREFIX + "schema-max-age", Duration.ofDays(7)),
                Library.from(settings));
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
