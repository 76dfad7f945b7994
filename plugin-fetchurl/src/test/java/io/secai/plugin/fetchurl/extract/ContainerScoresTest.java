package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The scoring on its own: which container of a body wins, and what the scores of its rivals are. */
class ContainerScoresTest {

    private static final String PARAGRAPH = "<p>Attackers moved laterally, staged the data in a temporary folder, "
            + "and exfiltrated it over HTTPS, which the proxy logged.</p>";

    private static Element body(String html) {
        return Jsoup.parse("<html><body>" + html + "</body></html>").body();
    }

    private static ContainerScores score(Element body, boolean strict) {
        return ContainerScores.score(body, strict, Deadline.none()).orElseThrow();
    }

    @Test
    void theContainerOfCommaRichParagraphsBeatsALongerListOfLinks() {
        StringBuilder links = new StringBuilder("<div id='links'><ul>");
        for (int i = 0; i < 12; i++) {
            links.append("<li><a href='/story/").append(i).append("'>Another story about incident response, ")
                    .append("number ").append(i).append(", with a long headline</a></li>");
        }
        links.append("</ul></div>");
        Element body = body(links + "<div id='story'>" + PARAGRAPH.repeat(3) + "</div>");
        assertThat(body.getElementById("links").text().length())
                .isGreaterThan(body.getElementById("story").text().length());

        ContainerScores scores = score(body, true);

        assertThat(scores.winner().id()).isEqualTo("story");
        // Link text counts for nothing: the list's score is discounted to zero.
        assertThat(scores.of(body.selectFirst("#links ul")).orElseThrow()).isZero();
    }

    @Test
    void classAndIdNamesCountInTheStrictPassOnly() {
        Element body = body("<div class='sidebar'>" + PARAGRAPH.repeat(2) + "</div>"
                + "<div class='post-content'>" + PARAGRAPH.repeat(2) + "</div>");
        Element sidebar = body.selectFirst(".sidebar");
        Element post = body.selectFirst(".post-content");

        ContainerScores relaxed = score(body, false);
        assertThat(relaxed.of(sidebar).orElseThrow()).isEqualTo(relaxed.of(post).orElseThrow());

        ContainerScores strict = score(body, true);
        assertThat(strict.winner()).isSameAs(post);
        assertThat(strict.of(post).orElseThrow() - strict.of(sidebar).orElseThrow()).isEqualTo(50.0);
    }

    @Test
    void textWrittenStraightIntoADivScoresLikeAParagraph() {
        Element body = body("<div id='notes'><div>Attackers moved laterally, staged the data, and exfiltrated it "
                + "over HTTPS, which the proxy logged, so the timeline is complete.</div></div>"
                + "<div id='short'><p>Short.</p></div>");
        ContainerScores scores = score(body, true);
        assertThat(scores.winner().id()).isEqualTo("notes");
        assertThat(scores.of(body.getElementById("short"))).isEmpty();
    }

    @Test
    void closeRivalsPromoteTheirSharedAncestorWhichIsGivenAScore() {
        Element body = Jsoup.parse(ExtractorRobustnessTest.equalColumnsUnderAnUnscoredOnlyChild()).body();
        ContainerScores scores = score(body, true);
        Element winner = scores.winner();
        assertThat(winner.text()).contains("Column 1 paragraph 0").contains("Column 4 paragraph 2");
        assertThat(winner.parent()).isSameAs(body);
        // The shared ancestor lies above the five credited levels; the sibling merge reads its score, so it is
        // given one (a missing one used to throw a NullPointerException there).
        assertThat(scores.of(winner)).isPresent();
    }

    @Test
    void aBodyWithoutEnoughTextToScoreHasNoScores() {
        assertThat(ContainerScores.score(body("<p>Home</p><div><a href='/'>About us</a></div>"), true,
                Deadline.none())).isEmpty();
    }

    @Test
    void classWeightReadsClassIdAndItemprop() {
        assertThat(ContainerScores.classWeight(body("<div class='comments'></div>").child(0))).isEqualTo(-25);
        assertThat(ContainerScores.classWeight(body("<div id='article'></div>").child(0))).isEqualTo(25);
        // A widget's name beside a content word cancels out; class and id each count.
        assertThat(ContainerScores.classWeight(body("<div class='comment-body'></div>").child(0))).isZero();
        assertThat(ContainerScores.classWeight(body("<div class='footer' id='menu'></div>").child(0)))
                .isEqualTo(-50);
        assertThat(ContainerScores.classWeight(body("<div itemprop='articleBody'></div>").child(0))).isEqualTo(50);
        assertThat(ContainerScores.classWeight(body("<div></div>").child(0))).isZero();
    }

    @Test
    void scoringStopsWhenTheUserCancels() {
        Element body = body(PARAGRAPH.repeat(50));
        assertThatThrownBy(() -> ContainerScores.score(body, true, Deadline.after(Duration.ofMinutes(1), () -> true)))
                .isInstanceOfSatisfying(ExtractionStoppedException.class, e -> assertThat(e.cancelled()).isTrue());
    }
}
