package io.secai.plugin.fetchurl;

import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.plugin.fetchurl.fetch.ConnectToRule;
import io.secai.plugin.fetchurl.fetch.FetchOptions;
import io.secai.plugin.fetchurl.extract.DocumentExtractor;
import io.secai.plugin.fetchurl.extract.MainContentExtractor;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The plugin's settings under {@code plugins.fetchurl}.
 *
 * @param fetch how pages are downloaded
 * @param maxPageTokens how many tokens of page content reach the model, shared by the pages of one task
 * @param contextExcerptChars how much of the pages later prompts of the session see
 * @param extractTimeout how long one document's extraction may take before it falls back to plain text or is cut
 * @param maxPdfPages how many pages of a PDF are read
 */
record FetchUrlConfig(FetchOptions fetch, int maxPageTokens, int contextExcerptChars, Duration extractTimeout,
                      int maxPdfPages) {

    private static final String PREFIX = "plugins.fetchurl.";

    static FetchUrlConfig from(Settings settings) {
        FetchOptions defaults = FetchOptions.DEFAULTS;
        List<ConnectToRule> rules;
        try {
            rules = settings.list(PREFIX + "connect-to").stream().map(ConnectToRule::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new SecAiException("Setting " + PREFIX + "connect-to: " + e.getMessage(), e);
        }
        FetchOptions fetch;
        try {
            fetch = new FetchOptions(
                new LinkedHashSet<>(settings.list(PREFIX + "allow-hosts")),
                rules,
                positive(settings.integer(PREFIX + "max-bytes", (int) defaults.maxBytes()), "max-bytes"),
                settings.duration(PREFIX + "connect-timeout", defaults.connectTimeout()),
                settings.duration(PREFIX + "read-timeout", defaults.readTimeout()),
                settings.duration(PREFIX + "total-timeout", defaults.totalTimeout()),
                Math.max(0, settings.integer(PREFIX + "max-redirects", defaults.maxRedirects())),
                settings.string(PREFIX + "user-agent").orElse(defaults.userAgent()));
        } catch (IllegalArgumentException e) {
            throw new SecAiException("Setting " + PREFIX + e.getMessage(), e);
        }
        return new FetchUrlConfig(fetch, positive(settings.integer(PREFIX + "max-page-tokens", 6000),
                "max-page-tokens"), positive(settings.integer(PREFIX + "context-excerpt-chars", 6000),
                "context-excerpt-chars"),
                settings.duration(PREFIX + "extract-timeout", Duration.ofMillis(1500)),
                positive(settings.integer(PREFIX + "max-pdf-pages", 40), "max-pdf-pages"));
    }

    /** @return the document reader these settings describe */
    DocumentExtractor documentExtractor() {
        return new DocumentExtractor(new MainContentExtractor()::extract, extractTimeout, maxPdfPages);
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new SecAiException("Setting " + PREFIX + key + " must be a positive number, not " + value + ".");
        }
        return value;
    }
}
