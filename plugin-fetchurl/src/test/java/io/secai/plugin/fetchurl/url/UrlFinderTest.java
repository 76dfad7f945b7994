package io.secai.plugin.fetchurl.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlFinderTest {

    private final UrlFinder finder = new UrlFinder();

    @Test
    void findsTheUrlOfTheOriginalsExamplePromptAndDropsTheFragment() {
        assertThat(finder.find("Use this url to create a detection for AD object deletion "
                + "https://attack.mitre.org/datasources/DS0026/#Active%20Directory%20Object%20Deletion in Sentinel"))
                .containsExactly("https://attack.mitre.org/datasources/DS0026/");
    }

    @Test
    void stripsSentencePunctuationAndUnbalancedBrackets() {
        assertThat(finder.find("See (https://learn.microsoft.com/en-us/azure/query-optimization). Also "
                + "https://example.com/a_(b), and \"https://example.com/q?x=1&y=2\"!"))
                .containsExactly("https://learn.microsoft.com/en-us/azure/query-optimization",
                        "https://example.com/a_(b)", "https://example.com/q?x=1&y=2");
    }

    @Test
    void findsSeveralUrlsOnceEachAndBareWwwNames() {
        assertThat(finder.find("Compare www.example.com/page with HTTP://Example.org/x; then www.example.com/page."))
                .containsExactly("https://www.example.com/page", "HTTP://Example.org/x");
    }

    @Test
    void findsNothingInTextWithoutAddresses() {
        assertThat(finder.find("Show me the new Sentinel incidents of the last 30 days")).isEmpty();
        assertThat(finder.find("https:// is a scheme")).isEmpty();
    }
}
