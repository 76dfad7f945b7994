package io.secai.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
 * End to end in headless Chromium: the chat page over the real engine and plugins, against the HTTPS fakes
 * ({@link RealEngineFixture}). XSS payloads in the model's answer, in a query result cell and in the fetched page's
 * text must show as text and never run. One engine serves the class; each test has a fresh browser, so a login of
 * its own.
 */
class ChatPageBrowserTest {

    static final String ANSWER_PAYLOAD = "Summary <img src=x onerror=\"window.__xss=1\"> "
            + "<script>window.__xss=2</script> [open](javascript:window.__xss=3) <div id=\"xss-answer\">x</div>";
    static final String CELL_PAYLOAD = "<img src=x onerror=\"window.__xss=4\"><b id=\"xss-cell\">bold</b>";
    static final String PAGE_PAYLOAD = "<svg onload=\"window.__xss=5\"></svg><i id=\"xss-page\">page</i>";

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private ChromeDriver browser;

    @BeforeAll
    static void startEngine() {
        HeadlessChromium.assumeInstalled();
        fixture = RealEngineFixture.start(work, ANSWER_PAYLOAD, CELL_PAYLOAD, PAGE_PAYLOAD);
    }

    @AfterAll
    static void stopEngine() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void startBrowser(@TempDir Path profile) {
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void promptShowsTaskProgressAndResultTableWhileEveryPayloadStaysInert() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());

        WebElement turn = page.send("show me the new incidents and read the advisory at "
                + RealEngineFixture.ADVISORY_URL);

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

    @Test
    void resultTableSortsNumbersAsNumbers() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());

        WebElement turn = page.send("new incidents of the last 30 days");

        assertThat(page.tableColumn(turn, 3)).containsExactly("7", "12", "1");
        WebElement sortByNumber = turn.findElement(
                By.xpath(".//table[contains(@class,'result-table')]//th[4]/button"));
        sortByNumber.click();
        assertThat(page.tableColumn(turn, 3)).containsExactly("1", "7", "12");
        sortByNumber.click();
        assertThat(page.tableColumn(turn, 3)).containsExactly("12", "7", "1");
        assertThat(page.tableColumn(turn, 1)).contains(CELL_PAYLOAD);
        page.assertNoPayloadRan();
    }

    @Test
    void resumingASessionShowsItsEarlierTurns() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());
        page.send("first question about the incidents");

        browser.navigate().refresh();
        page.awaitReady();

        assertThat(browser.findElements(By.cssSelector("#messages .user-prompt")))
                .extracting(WebElement::getText).containsExactly("first question about the incidents");
        assertThat(browser.findElements(By.cssSelector("#messages table.result-table"))).hasSize(1);
        assertThat(page.tableColumn(browser.findElement(By.cssSelector("#messages .turn")), 1))
                .contains(CELL_PAYLOAD);
        page.assertNoPayloadRan();
    }

    @Test
    void aRuleShowsItsArmTemplateAsACodeBlockAndEachFileWithCopyAndDownload() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());

        WebElement turn = page.send("write the " + RealEngineFixture.RULE + " for mass deletions");

        WebElement card = turn.findElement(By.cssSelector(".task-card"));
        assertThat(card.findElement(By.cssSelector(".task-status")).getText()).isEqualTo("done");
        WebElement template = card.findElement(By.cssSelector(".task-text pre code.language-json"));
        assertThat(template.getText()).contains("\"kind\" : \"Scheduled\"")
                .contains("\n    \"type\" : \"Microsoft.OperationalInsights/workspaces/providers/alertRules\"");
        List<WebElement> artifacts = card.findElements(By.cssSelector(".artifact"));
        assertThat(artifacts).extracting(a -> a.findElement(By.cssSelector(".artifact-label")).getText())
                .containsExactly("KQL", "ARM template", "Bicep", "Detection YAML");
        assertThat(artifacts).allSatisfy(artifact -> {
            assertThat(artifact.findElements(By.cssSelector("button.copy"))).extracting(WebElement::getText)
                    .containsExactly("Copy", "Download");
        });
        assertThat(artifacts.get(2).findElement(By.cssSelector("button.download")).getAttribute("title"))
                .isEqualTo("Save as analytics-rule.bicep");
        page.assertNoPayloadRan();
    }
}
