package io.secai.plugin.rules.check;

import io.secai.plugin.rules.validate.RuleProblem;

import java.util.Objects;

/**
 * A problem found in a file, at its JSON path in that file.
 *
 * @param path the JSON path ({@code $.resources[0].properties.queryPeriod})
 * @param kind what sort of problem
 * @param reason what is wrong
 */
public record Finding(String path, RuleProblem.Kind kind, String reason) {
    public Finding {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": [" + kind + "] " + reason;
    }
}
