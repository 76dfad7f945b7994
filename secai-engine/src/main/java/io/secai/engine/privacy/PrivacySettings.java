package io.secai.engine.privacy;

import io.secai.api.Settings;

/**
 * The {@code privacy.*} settings.
 *
 * @param anonymize whether new sessions start with anonymization on ({@code privacy.anonymize}, off by default)
 * @param policy the field rules ({@code privacy.fields}, ahead of the defaults unless
 *     {@code privacy.default-fields = false})
 * @param maxValues how many distinct values one session may mask ({@code privacy.max-values}); past it, new values
 *     are removed rather than sent
 * @param maxValueChars the longest value that gets a token ({@code privacy.max-value-chars}); longer values in an
 *     anonymized field are removed
 */
public record PrivacySettings(boolean anonymize, FieldPolicy policy, int maxValues, int maxValueChars) {

    /** Off, with the default rules. */
    public static final PrivacySettings OFF = new PrivacySettings(false, FieldPolicy.defaults(), 5_000, 256);

    /**
     * @param settings the configuration
     * @return the privacy settings
     * @throws IllegalArgumentException when a rule cannot be read, naming it
     */
    public static PrivacySettings from(Settings settings) {
        int maxValues = Math.max(1, settings.integer("privacy.max-values", 5_000));
        int maxChars = Math.max(8, settings.integer("privacy.max-value-chars", 256));
        return new PrivacySettings(settings.bool("privacy.anonymize", false),
                FieldPolicy.of(settings.list("privacy.fields"), settings.bool("privacy.default-fields", true)),
                maxValues, maxChars);
    }

    /** @return a fresh map for one session */
    TokenVault newVault() {
        return new TokenVault(maxValues, maxValueChars);
    }
}
