package io.secai.plugin.rules.model;

import java.util.Objects;

/**
 * How a run's results become alerts.
 *
 * @param aggregationKind {@code SingleAlert} (one alert for all results) or {@code AlertPerResult}
 */
public record EventGrouping(String aggregationKind) {
    /** One alert per run. */
    public static final EventGrouping SINGLE_ALERT = new EventGrouping("SingleAlert");

    public EventGrouping {
        Objects.requireNonNull(aggregationKind, "aggregationKind");
    }
}
