package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The article must win over blocks that look like text but point elsewhere (related stories, teaser lists,
 * galleries), and its own lead, headings, lists and tables must survive the trimming.
 */
class WrongBlockTest {

    private static final String ARTICLE = """
            <p>The attackers first sprayed passwords against the VPN portal, and one account without multi-factor \
            authentication fell within hours, which gave them a foothold on the internal network.</p>
            <p>From there they moved laterally with remote services, dumped credentials from memory, and created \
            a scheduled task on the file server so that their tooling survived a reboot.</p>
            <p>Finally they staged the data in a compressed archive, renamed it to look like a log file, and \
            exfiltrated it over HTTPS to a cloud storage account they controlled.</p>""";

    private final MainContentExtractor extractor = new MainContentExtractor();

    private String extract(String body) {
        return extractor.extract("<html><body>" + body + "</body></html>", "https://example.com/story").markdown();
    }

    private static String teaser(int i, String shape) {
        return "<" + shape + " class=\"card post-" + i + "\"><a href=\"/story-" + i + "\">Other story number " + i
                + "</a><p>Teaser " + i + " quotes the opening of another article, with commas, clauses, and enough "
                + "words to score like real text, which is why text measures alone keep it.</p></" + shape + ">";
    }

    @Test
    void aRelatedStoriesBlockAfterTheArticleIsNotMergedIntoIt() {
        StringBuilder related = new StringBuilder("<article class=\"post\"><h3>Related stories</h3>");
        for (int i = 0; i < 4; i++) {
            related.append(teaser(i, "article"));
        }
        String markdown = extract("<div id=\"main\"><article class=\"post\">" + ARTICLE + "</article>" + related
                + "</article></div>");
        assertThat(markdown).contains("sprayed passwords", "moved laterally", "exfiltrated it over HTTPS")
                .doesNotContain("Teaser 0").doesNotContain("Related stories");
    }

    @Test
    void aRelatedListInsideTheArticleIsRemovedByItsHeadingAndRepeatedItems() {
        String markdown = extract("<article>" + ARTICLE + "<div class=\"box\"><h4>You may also like</h4><ul>"
                + teaser(1, "li") + teaser(2, "li") + teaser(3, "li") + "</ul></div></article>");
        assertThat(markdown).contains("exfiltrated it over HTTPS").doesNotContain("Teaser 2");
    }

    @Test
    void aHeadingNamedLikeATeaserIsNotEnoughToRemoveTheArticlesOwnSection() {
        String markdown = extract("<article>" + ARTICLE + "<section><h2>Related techniques</h2><p>The group also "
                + "used <a href=\"/t1003\">credential dumping</a>, which the same rule covers, since the access to "
                + "the memory of the authority process looks alike.</p></section></article>");
        assertThat(markdown).contains("## Related techniques").contains("credential dumping, which the same rule");
    }

    @Test
    void anArticleWhoseTitleSoundsLikeATeaserHeadingIsNotRemovedAsOne() {
        StringBuilder sections = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sections.append("<div class=\"step\"><p>Step ").append(i).append(" of the intrusion used <a href=\"/t")
                    .append(i).append("\">technique ").append(i).append("</a>, described at length, with the ")
                    .append("commands the operators ran, the logs that show them, and the detection.</p></div>");
        }
        String markdown = extract("<article><h1>Popular intrusion paths this year</h1>" + sections
                + "</article>");
        assertThat(markdown).contains("Step 0 of the intrusion", "Step 2 of the intrusion");
    }

    @Test
    void anInlineReadMoreLineIsDroppedButASentenceWithALinkIsKept() {
        String markdown = extract("<article>" + ARTICLE.replace("</p>\n<p>From",
                "</p><p><strong>Read more:</strong> <a href=\"/other\">Ransomware crew hits hospital chain</a></p>"
                + "<p>From") + "<p>The <a href=\"/advisory\">advisory</a> lists the indicators.</p></article>");
        assertThat(markdown).contains("sprayed passwords", "moved laterally")
                .doesNotContain("Ransomware crew hits hospital chain")
                .contains("The advisory lists the indicators.");
    }

    @Test
    void aLongTeaserListBesideTheArticleDoesNotBeatIt() {
        StringBuilder teasers = new StringBuilder("<div class=\"column\">");
        for (int i = 0; i < 12; i++) {
            teasers.append(teaser(i, "div"));
        }
        String markdown = extract("<div class=\"column\"><h1>Password spraying at the VPN</h1>" + ARTICLE
                + "</div>" + teasers.append("</div>"));
        assertThat(markdown).contains("sprayed passwords", "exfiltrated it over HTTPS").doesNotContain("Teaser 5");
    }

    @Test
    void aGalleryOfCaptionedImagesDoesNotBeatTheArticle() {
        StringBuilder gallery = new StringBuilder("<div class=\"gallery\">");
        for (int i = 0; i < 15; i++) {
            gallery.append("<figure><img src=\"/p").append(i).append(".jpg\"><figcaption><a href=\"/g").append(i)
                    .append("\">Photo ").append(i).append(", the conference hall, with the speakers</a>")
                    .append("</figcaption></figure>");
        }
        String markdown = extract("<div class=\"story\">" + ARTICLE + "</div>" + gallery.append("</div>"));
        assertThat(markdown).contains("sprayed passwords", "exfiltrated it over HTTPS").doesNotContain("Photo 3");
    }

    @Test
    void theLeadParagraphInTheArticleHeaderAndTheListsOfItsBodyAreKept() {
        String markdown = extract("<article><header><h1>Password spraying at the VPN</h1><p class=\"lead\">A "
                + "single account without multi-factor authentication was enough for the intruders.</p></header>"
                + "<div class=\"body\">" + ARTICLE + "<h2>What to check</h2><ul><li>Sign-ins failing with "
                + "error 50126</li><li>New scheduled tasks on file servers</li></ul></div></article>");
        assertThat(markdown).contains("A single account without multi-factor authentication was enough")
                .contains("## What to check").contains("- Sign-ins failing with error 50126")
                .contains("sprayed passwords");
    }

    @Test
    void aRecipesIngredientTableInsideTheArticleIsKept() {
        String markdown = extract("<article><h1>Field rations</h1>" + ARTICLE + "<table class=\"ingredients\">"
                + "<tr><td>flour</td><td>200 g</td></tr><tr><td>water</td><td>120 ml</td></tr>"
                + "<tr><td>salt</td><td>1 pinch</td></tr></table></article>");
        assertThat(markdown).contains("| flour | 200 g |").contains("| salt | 1 pinch |");
    }
}
