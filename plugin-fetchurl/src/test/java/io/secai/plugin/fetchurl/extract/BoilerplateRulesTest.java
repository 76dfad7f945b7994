package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Class, id, role and tag names that used to delete the whole article: the rules now measure how much of the page's
 * text a block holds before removing it.
 */
class BoilerplateRulesTest {

    private static final String ARTICLE = """
            <h2>How the intrusion unfolded</h2>
            <p>The attackers first sprayed passwords against the VPN portal, and one account without multi-factor \
            authentication fell within hours, which gave them a foothold on the internal network.</p>
            <p>From there they moved laterally with remote services, dumped credentials from memory, and created \
            a scheduled task on the file server so that their tooling survived a reboot.</p>
            <p>Finally they staged the data in a compressed archive, renamed it to look like a log file, and \
            exfiltrated it over HTTPS to a cloud storage account they controlled.</p>""";

    private static final String CHROME = """
            <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
            <div class="sidebar"><h3>Popular</h3><ul><li><a href="/1">Ten tips</a></li>
            <li><a href="/2">Another story</a></li></ul></div>""";

    private final MainContentExtractor extractor = new MainContentExtractor();

    private String extract(String wrapped) {
        return extractor.extract("<html><body>" + CHROME + wrapped + "<footer>Copyright</footer></body></html>",
                "https://example.com/story").markdown();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<div class=\"sidebar-wrapper\">%s</div>",
        "<div class=\"hasHeaderImage\">%s</div>",
        "<div class=\"paywalled-content\">%s</div>",
        "<div class=\"steady-paywall-container\">%s</div>",
        "<div id=\"share-article-body\">%s</div>",
        "<div role=\"tablist\"><div role=\"tabpanel\">%s</div></div>",
        "<aside><article>%s</article></aside>",
        "<aside class=\"story\">%s</aside>",
        "<form id=\"aspnetForm\" method=\"post\"><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"x\">"
            + "<div class=\"content\">%s</div></form>"})
    void aBlockNamedLikeBoilerplateThatHoldsTheArticleIsKept(String wrapper) {
        assertThat(extract(wrapper.formatted(ARTICLE)))
                .contains("sprayed passwords against the VPN portal")
                .contains("moved laterally with remote services")
                .contains("exfiltrated it over HTTPS")
                .contains("## How the intrusion unfolded")
                .doesNotContain("Ten tips");
    }

    @Test
    void inlineMathWithAContextMenuClassStaysInItsSentence() {
        String markdown = extract("<article>" + ARTICLE + "<p>The beaconing interval was "
                + "<mjx-container class=\"MathJax CtxtMenu_Attached_0\">60 seconds</mjx-container> with jitter of "
                + "<span class=\"CtxtMenu_Attached_1\">ten percent</span>, which the rule tolerates.</p></article>");
        assertThat(markdown).contains("The beaconing interval was 60 seconds with jitter of ten percent, which");
    }

    @Test
    void aSmallSidebarBesideTheArticleIsStillRemoved() {
        assertThat(extract("<article>" + ARTICLE + "</article><div class=\"sidebar-wrapper\"><p>Subscribe to our "
                + "newsletter for weekly updates.</p></div>"))
                .contains("sprayed passwords").doesNotContain("Subscribe to our newsletter");
    }

    @Test
    void textWrittenStraightIntoADivIsNotSplitAtItsLinks() {
        String markdown = extract("<div class=\"content\">" + ARTICLE.replace("<h2>How the intrusion unfolded</h2>",
                "") + "<div>The operators reused the <a href=\"/t1021\">remote services</a> technique and the "
                + "<a href=\"/t1053\">scheduled task</a> technique, as earlier campaigns of the group did, and the "
                + "defenders found both in the logs of the file server within a day of the first alert.<br>"
                + "A second line after a break.</div></div>");
        assertThat(markdown).contains("The operators reused the remote services technique and the scheduled task "
                + "technique, as earlier campaigns of the group did, and the defenders found both")
                .contains("A second line after a break.");
    }

    @Test
    void headingsAndDataTablesBesideTheArticleBlockAreKept() {
        String markdown = extract("<div id=\"page\"><h2>The campaign in numbers</h2><div>"
                + ARTICLE.replace("<h2>How the intrusion unfolded</h2>", "") + "</div><h2>Indicators</h2>"
                + "<table><tr><th>Indicator</th><th>Type</th></tr><tr><td>185.220.10.4</td><td>IP address</td></tr>"
                + "<tr><td>evil.example</td><td>domain</td></tr></table></div>");
        assertThat(markdown).contains("## The campaign in numbers").contains("## Indicators")
                .contains("| 185.220.10.4 | IP address |").contains("sprayed passwords");
    }
}
