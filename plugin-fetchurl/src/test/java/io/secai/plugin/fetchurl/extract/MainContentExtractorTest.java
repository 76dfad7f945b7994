package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainContentExtractorTest {

    private final MainContentExtractor extractor = new MainContentExtractor();

    private static String page(String name) throws IOException {
        try (InputStream in = MainContentExtractorTest.class.getResourceAsStream("/pages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void keepsTheKqlSampleOfADocumentationPageByteForByte() throws IOException {
        ExtractedPage page = extractor.extract(page("learn-query-optimization.html"),
                "https://learn.microsoft.com/en-us/azure/azure-monitor/logs/query-optimization");
        assertThat(page.markdown()).contains("""
                ```kusto
                SecurityEvent
                | where TimeGenerated > ago(1h)
                | where EventID == 4625
                | summarize FailedLogons = count() by Account, bin(TimeGenerated, 5m)
                | where FailedLogons > 10
                ```""");
    }

    @Test
    void keepsHeadingsListsTablesAndInlineCode() throws IOException {
        String markdown = extractor.extract(page("learn-query-optimization.html"), "https://learn.microsoft.com/x")
                .markdown();
        assertThat(markdown)
                .contains("## Avoid unnecessary use of search and union operators")
                .contains("- Use `where` on `TimeGenerated` before anything else.")
                .contains("| Operator | Cost |")
                .contains("| contains | High, scans every value |")
                .contains("Azure Monitor Logs uses Azure Data Explorer");
    }

    @Test
    void dropsNavigationFooterCookieBannerWidgetsCommentsAndHiddenText() throws IOException {
        String markdown = extractor.extract(page("learn-query-optimization.html"), "https://learn.microsoft.com/x")
                .markdown();
        assertThat(markdown)
                .doesNotContain("optional cookies")
                .doesNotContain("Credentials")
                .doesNotContain("Query packs")
                .doesNotContain("Trademarks")
                .doesNotContain("Share on Twitter")
                .doesNotContain("Hidden tracking text")
                .doesNotContain("a comment the model")
                .doesNotContain("telemetry")
                .doesNotContain("display: none")
                .doesNotContain("In this article");
    }

    @Test
    void keepsTheTitleAndTheAddress() throws IOException {
        ExtractedPage page = extractor.extract(page("learn-query-optimization.html"), "https://learn.microsoft.com/x");
        assertThat(page.title()).isEqualTo("Optimize log queries in Azure Monitor");
        assertThat(page.url()).isEqualTo("https://learn.microsoft.com/x");
    }

    @Test
    void readsAnAttackDataSourcePageWithoutItsMenus() throws IOException {
        ExtractedPage page = extractor.extract(page("mitre-ds0026.html"), "https://attack.mitre.org/datasources/DS0026/");
        assertThat(page.title()).isEqualTo("Active Directory, Data Source DS0026 | MITRE ATT&CK\u00ae");
        assertThat(page.markdown())
                .contains("Removal of an active directory object (ex: Windows EID 5141)")
                .contains("| Enterprise | T1207 | Rogue Domain Controller |")
                .contains("Active Directory Object Deletion")
                .doesNotContain("Network Traffic")
                .doesNotContain("Terms of Use")
                .doesNotContain("Matrices");
    }

    @Test
    void returnsNothingForAPageWithoutText() {
        assertThat(extractor.extract("<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://e.com/")
                .markdown()).isEmpty();
    }
}
