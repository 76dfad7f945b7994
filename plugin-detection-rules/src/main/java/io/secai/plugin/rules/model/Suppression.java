package io.secai.plugin.rules.model;

import java.util.Objects;

/**
 * Alert suppression: once the rule fires, it stays quiet for {@code duration}.
 *
 * @param enabled whether suppression is on
 * @param duration an ISO 8601 duration (Sentinel requires one even when suppression is off)
 */
public record Suppression(boolean enabled, String duration) {
    /** Off, with Sentinel's default duration. */
    public static final Suppression OFF = new Suppression(false, "PT5H");

    public Suppression {
        Objects.requireNonNull(duration, "duration");
    }
}
