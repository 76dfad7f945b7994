package io.secai.plugin.defender;

import io.secai.api.Settings;
import io.secai.plugin.defender.hunting.HuntingRunner;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
     * @param folders the library folders, as configured (one that cannot be read is skipped with a note when the
     *     library is first read, not here)
     * @param examples how many examples a hunting prompt shows (0: none)
     * @param problems entries of {@code library} that are not paths at all, each with why
     */
    record Library(List<Path> folders, int examples, List<String> problems) {
        Library {
            folders = List.copyOf(folders);
            problems = List.copyOf(problems);
        }

        static Library from(Settings settings) {
            List<Path> folders = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (String entry : settings.list(PREFIX + "library")) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    folders.add(Path.of(entry));
                } catch (InvalidPathException e) {
                    problems.add(PREFIX + "library entry '" + printable(entry) + "' is not a path ("
                            + e.getReason() + "), skipped");
                }
            }
            return new Library(folders, Math.max(0, settings.integer(PREFIX + "examples", 3)), problems);
        }

        /** A configured value shown back without control characters (a NUL is why it is not a path). */
        private static String printable(String entry) {
            String shown = entry.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
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
