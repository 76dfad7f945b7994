package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A page whose main content is a list of items (a changelog, an advisory list) laid out as repeated blocks or as
 * table rows: each item must stay one unit in the Markdown, not one paragraph per cell.
 */
class ListPageTest {

    private static final String[][] ADVISORIES = {
        {"2024-03-01", "CVE-2024-1001", "Critical", "Remote code execution in the upload handler of the portal"},
        {"2024-02-14", "CVE-2024-0877", "High", "Authentication bypass through a crafted session cookie"},
        {"2024-01-30", "CVE-2024-0612", "Medium", "Stored cross-site scripting in the comment preview"},
        {"2024-01-09", "CVE-2024-0420", "Low", "Version string disclosed in an error page header"},
    };

    private final MainContentExtractor extractor = new MainContentExtractor();

    private String extract(String body) {
        return extractor.extract("<html><body><nav><a href=\"/\">Home</a> <a href=\"/docs\">Docs</a></nav>"
                + "<main><h1>Security advisories</h1><p>Advisories published for the product, newest first, with the "
                + "affected versions and the fixed release named in each entry.</p>" + body
                + "</main><footer>Copyright</footer></body></html>", "https://example.com/advisories").markdown();
    }

    private static void assertEachItemOnOneLine(String markdown) {
        for (String[] item : ADVISORIES) {
            assertThat(markdown.lines().filter(line -> line.contains(item[1])).findFirst())
                    .as("the line holding %s", item[1])
                    .hasValueSatisfying(line -> assertThat(line).contains(item[0], item[2], item[3]));
        }
    }

    @Test
    void repeatedRowBlocksKeepEachItemTogether() {
        StringBuilder rows = new StringBuilder("<div class=\"advisory-list\">");
        for (String[] item : ADVISORIES) {
            rows.append("<div class=\"row\">");
            for (String cell : item) {
                rows.append("<div class=\"cell\">").append(cell).append("</div>");
            }
            rows.append("</div>");
        }
        assertEachItemOnOneLine(extract(rows + "</div>"));
    }

    @Test
    void tableRowsWhoseCellsHoldBlocksKeepEachItemTogether() {
        StringBuilder rows = new StringBuilder("<table class=\"advisories\"><tbody>");
        for (String[] item : ADVISORIES) {
            rows.append("<tr>");
            for (String cell : item) {
                rows.append("<td><div><p>").append(cell).append("</p></div></td>");
            }
            rows.append("</tr>");
        }
        assertEachItemOnOneLine(extract(rows + "</tbody></table>"));
    }
}
