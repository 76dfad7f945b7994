package io.secai.web;

import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real headless Chromium over {@link ScriptedEngine}: login, sending, live progress, tables,
 * sorting, and XSS payloads staying inert. {@link ChatPageBrowserTest} does the same against the real engine.
 */
class ChatPageScriptedBrowserTest {

    static final String MARKDOWN_PAYLOAD = "Summary <img src=x onerror=\"window.__xss=1\"> "
            + "<script>window.__xss=2</script> [open](javascript:window.__xss=3) <div id=\"xss-markdown\">x</div>";
    static final String CELL_PAYLOAD = "<img src=x onerror=\"window.__xss=4\"><b id=\"xss-cell\">bold</b>";

    private ScriptedEngine engine;
    private WebServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        HeadlessChromium.assumeInstalled();
        ResultTable table = new ResultTable(
                List.of(new Column("Title", ColumnType.STRING), new Column("Count", ColumnType.LONG)),
                List.of(Arrays.asList(CELL_PAYLOAD, 3L), Arrays.asList("Brute force", 12L),
                        Arrays.asList("Phishing", 1L)));
        engine = new ScriptedEngine(MARKDOWN_PAYLOAD, table);
        server = WebServer.start(engine, WebSettings.defaults().withPort(0));
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void promptShowsProgressAndTableWhilePayloadsStayInert() {
        ChatPage page = ChatPage.logIn(browser, server);

        WebElement turn = page.send("new incidents of the last 30 days");

        assertThat(turn.findElement(By.cssSelector(".task-card .task-status")).getText()).isEqualTo("done");
        assertThat(turn.findElement(By.cssSelector(".artifact .artifact-value")).getText())
                .isEqualTo("SecurityIncident | take 5");
        assertThat(page.tableColumn(turn, 0)).containsExactly(CELL_PAYLOAD, "Brute force", "Phishing");
        assertThat(turn.findElement(By.cssSelector(".task-text")).getText())
                .contains("<script>window.__xss=2</script>").contains("<img src=x onerror=\"window.__xss=1\">");
        page.assertNoPayloadRan();

        turn.findElement(By.xpath(".//table[contains(@class,'result-table')]//th[2]/button")).click();
        assertThat(page.tableColumn(turn, 1)).containsExactly("1", "3", "12");
        turn.findElement(By.xpath(".//table[contains(@class,'result-table')]//th[2]/button")).click();
        assertThat(page.tableColumn(turn, 1)).containsExactly("12", "3", "1");
        assertThat(turn.findElement(By.cssSelector(".outcome")).getText()).contains("tokens 150");
    }

    @Test
    void resumingASessionShowsItsEarlierTurns() {
        ChatPage page = ChatPage.logIn(browser, server);
        page.send("first question");

        browser.navigate().refresh();
        page.awaitReady();

        assertThat(browser.findElements(By.cssSelector("#messages .user-prompt")))
                .extracting(WebElement::getText).containsExactly("first question");
        assertThat(browser.findElements(By.cssSelector("#messages table.result-table"))).hasSize(1);
        page.assertNoPayloadRan();
    }
}
