package io.secai.plugin.kql.query;

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
public record GeneratedQuery(List<String> tables, String kql, String rationale, Optional<Duration> timespan,
                             String rawAnswer) {
    public GeneratedQuery {
        tables = List.copyOf(tables);
    }
}
