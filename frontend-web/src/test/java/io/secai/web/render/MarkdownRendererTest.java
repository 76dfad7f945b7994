package io.secai.web.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void rawHtmlInMarkdownIsShownAsTextNotMarkup() {
        String html = renderer.toSafeHtml("Hello <script>window.__xss=1</script> <b onclick=\"x()\">bold</b>");

        assertThat(html).doesNotContain("<script").doesNotContain("<b ").doesNotContain("onclick=\"")
                .contains("&lt;script&gt;");
    }

    @Test
    void imagesNeverSurvive() {
        String html = renderer.toSafeHtml("![tracker](https://attacker.example/pixel.png) and "
                + "<img src=x onerror=alert(1)>");

        assertThat(html).doesNotContain("<img");
    }

    @Test
    void scriptLinksAreDroppedAndOtherLinksAreMarkedNoopenerNofollow() {
        String html = renderer.toSafeHtml("[bad](javascript:alert(1)) [data](data:text/html,hi) "
                + "[good](https://learn.microsoft.com/kql)");

        assertThat(html).doesNotContain("javascript:").doesNotContain("data:text");
        assertThat(html).contains("href=\"https://learn.microsoft.com/kql\"")
                .contains("noopener").contains("noreferrer").contains("nofollow");
    }

    @Test
    void formattingTablesAndCodeSurvive() {
        String html = renderer.toSafeHtml("# Title\n\n**bold** and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "```kql\nSecurityIncident | take 5\n```\n");

        assertThat(html).contains("<h1>Title</h1>").contains("<strong>bold</strong>").contains("<code>code</code>")
                .contains("<table>").contains("<td>1</td>").contains("class=\"language-kql\"")
                .contains("SecurityIncident | take 5");
    }

    @Test
    void stylesFramesAndFormsAreRemoved() {
        String html = renderer.toSafeHtml("<iframe src=\"https://x\"></iframe><style>*{}</style>"
                + "<form action=\"https://x\"><input></form>\n\n<div style=\"color:red\">x</div>");

        assertThat(html).doesNotContain("<iframe").doesNotContain("<style").doesNotContain("<form")
                .doesNotContain("<input").doesNotContain("style=");
    }
}
