package io.secai.kql.generate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the model proposed.
 *
 * @param tables the tables it says it used
 * @param kql the query
 * @param rationale one line on why
 * @param timespan the time range it asks the query API for, when it asked for one
 * @param rawAnswer the model's JSON answer, kept for the repair conversation
 */
public record GeneratedKql(List<String> tables, String kql, String rationale, Optional<Duration> timespan,
                           String rawAnswer) {
    public GeneratedKql {
        tables = List.copyOf(tables);
    }
}
