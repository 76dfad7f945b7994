package io.secai.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in headless Chromium: the chat page over the real engine and plugins, against the HTTPS fakes. XSS
 * payloads in the model's answer, in a query result cell and in the fetched page's text must show as text and
 * never run.
 */
class ChatPageBrowserTest {

    static final String ANSWER_PAYLOAD = "Summary <img src=x onerror=\"window.__xss=1\"> "
            + "<script>window.__xss=2</script> [open](javascript:window.__xss=3) <div id=\"xss-answer\">x</div>";
    static final String CELL_PAYLOAD = "<img src=x onerror=\"window.__xss=4\"><b id=\"xss-cell\">bold</b>";
    static final String PAGE_PAYLOAD = "<svg onload=\"window.__xss=5\"></svg><i id=\"xss-page\">page</i>";

    @TempDir
    Path work;

    private RealEngineFixture fixture;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        HeadlessChromium.assumeInstalled();
        fixture = RealEngineFixture.start(work, ANSWER_PAYLOAD, CELL_PAYLOAD, PAGE_PAYLOAD);
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void promptShowsTaskProgressAndResultTableWhileEveryPayloadStaysInert() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());

        WebElement turn = page.send("show me the new incidents and read " + RealEngineFixture.ADVISORY_URL);

        List<WebElement> cards = turn.findElements(By.cssSelector(".task-card"));
        assertThat(cards).hasSize(3);
        assertThat(cards).extracting(card -> card.findElement(By.cssSelector(".task-status")).getText())
                .containsOnly("done");
        assertThat(page.tableColumn(turn, 1)).contains(CELL_PAYLOAD);
        assertThat(cards.get(0).findElement(By.cssSelector(".artifact-value")).getText()).contains("SecurityIncident");
        assertThat(cards.get(1).getText()).contains(RealEngineFixture.ADVISORY_URL).contains(PAGE_PAYLOAD);
        assertThat(cards.get(2).findElement(By.cssSelector(".task-text")).getText())
                .contains("<script>window.__xss=2</script>").contains("<img src=x onerror=\"window.__xss=1\">");
        assertThat(turn.findElement(By.cssSelector(".outcome")).getText()).contains("tokens");
        page.assertNoPayloadRan();
    }
}
