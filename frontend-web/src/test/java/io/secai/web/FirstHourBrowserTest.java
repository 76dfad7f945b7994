package io.secai.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A new user's first hour with the page, in headless Chromium over the real engine and plugins: the login link, the
 * planning state, notices that stay, progress shown by default, plurals, the Log Analytics link of each query, the
 * session exported as Markdown and JSON, and a Clear that keeps the session's history.
 */
class FirstHourBrowserTest {
    private static final String SUBSCRIPTION = "0f3c2a1b-1111-2222-3333-444455556666";

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    static void startEngine() {
        HeadlessChromium.assumeInstalled();
        fixture = RealEngineFixture.start(work, "Three incidents; **one** is High.", "Rare Activity by a user",
                "advisory text", List.of("azure.subscription-id = \"" + SUBSCRIPTION + "\"",
                        "azure.resource-group = \"rg-soc\"", "azure.workspace-name = \"law-sentinel\""));
    }

    @AfterAll
    static void stopEngine() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void startBrowser(@TempDir Path profile) {
        this.profile = profile;
        browser = HeadlessChromium.start(profile);
        browser.manage().window().setSize(new Dimension(1100, 700));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private JavascriptExecutor js() {
        return browser;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    /** Opens the printed login link, as a click in the terminal does. */
    private ChatPage logInByLink() {
        browser.get(fixture.server().loginLink());
        ChatPage page = ChatPage.attach(browser);
        page.awaitReady();
        return page;
    }

    @Test
    void theLoginLinkLogsInOnceAndTheAddressBarKeepsNoToken() {
        logInByLink();

        assertThat(browser.getCurrentUrl()).isEqualTo(fixture.server().url()).doesNotContain("token");
        assertThat(browser.manage().getCookieNamed("secai_session")).isNotNull();
        assertThat(browser.manage().getCookieNamed("secai_session").getValue())
                .doesNotContain(fixture.server().token());
        // Later visits use the cookie: the plain address opens the page.
        browser.get(fixture.server().url());
        ChatPage.attach(browser).awaitReady();
        assertThat(browser.getCurrentUrl()).doesNotContain("login");
    }

    @Test
    void aNewPromptShowsAtOnceScrolledIntoViewWithAPlanningStateAndProgressIsShownByDefault() {
        ChatPage page = logInByLink();
        for (int i = 0; i < 3; i++) {
            page.send("list the incidents, round " + i);
        }
        // Records the moment the new turn appears: its planning line, and whether its prompt is in view.
        js().executeScript("""
                window.__planning = [];
                const messages = document.getElementById('messages');
                new MutationObserver(() => {
                  const planning = messages.querySelector('.turn:last-child .planning');
                  if (!planning) return;
                  const box = messages.getBoundingClientRect();
                  const prompt = messages.querySelector('.turn:last-child .user-prompt').getBoundingClientRect();
                  window.__planning.push({ text: planning.textContent,
                      inView: prompt.top >= box.top - 1 && prompt.bottom <= box.bottom + 1 });
                }).observe(messages, { childList: true, subtree: true, characterData: true });
                """);

        WebElement turn = page.send("list the incidents once more");

        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> seen = (List<java.util.Map<String, Object>>) js()
                .executeScript("return window.__planning;");
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0).get("text").toString()).startsWith("Planning…");
        assertThat(seen.get(0).get("inView")).as("the new prompt is scrolled into view").isEqualTo(true);
        assertThat(turn.findElements(By.cssSelector(".planning"))).as("the plan replaced the planning line").isEmpty();
        assertThat(js().executeScript("return document.body.classList.contains('show-system')")).isEqualTo(true);
        assertThat(browser.findElement(By.id("toggle-system")).isSelected()).isTrue();
        assertThat(turn.findElement(By.cssSelector(".plan-summary")).isDisplayed()).isTrue();
        assertThat(turn.findElement(By.cssSelector(".plan-summary")).getText()).contains("sentinel-kql/run-kql");
        assertThat(turn.findElement(By.cssSelector(".row-count")).getText()).isEqualTo("3 rows");
        String title = browser.findElement(By.cssSelector("#session-list li.current .session-title"))
                .getAttribute("title");
        assertThat(title).endsWith("· 4 prompts");
    }

    @Test
    void eachKqlQueryHasAnOpenInLogAnalyticsLinkToTheConfiguredWorkspace() throws Exception {
        ChatPage page = logInByLink();
        WebElement turn = page.send("list the incidents");

        WebElement query = turn.findElement(By.cssSelector(".artifact[data-kind='QUERY']"));
        WebElement link = query.findElement(By.cssSelector("a.open-portal"));
        assertThat(link.getText()).isEqualTo("Open in Log Analytics");
        assertThat(link.getAttribute("target")).isEqualTo("_blank");
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
        String href = link.getAttribute("href");
        assertThat(href).startsWith("https://portal.azure.com/#blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/"
                + "resourceId/%2Fsubscriptions%2F" + SUBSCRIPTION + "%2FresourceGroups%2Frg-soc%2Fproviders%2F"
                + "Microsoft.OperationalInsights%2Fworkspaces%2Flaw-sentinel/source/"
                + "LogsBlade.AnalyticsShareLinkToQuery/q/");
        byte[] zipped = Base64.getDecoder().decode(URLDecoder.decode(href.substring(href.indexOf("/q/") + 3),
                StandardCharsets.UTF_8));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(query.findElement(By.cssSelector(".artifact-value")).getText());
        }
    }

    @Test
    void theSessionExportsAsMarkdownAndJsonAndClearKeepsItsHistory() throws Exception {
        ChatPage page = logInByLink();
        page.send("list the incidents");
        page.send("and summarise them");

        Path downloads = HeadlessChromium.downloads(profile);
        browser.findElement(By.id("export-markdown")).click();
        Path markdown = awaitDownload(downloads, ".md");
        browser.findElement(By.id("export-json")).click();
        Path json = awaitDownload(downloads, ".json");
        String md = Files.readString(markdown);
        assertThat(md).startsWith("# list the incidents").contains("· 2 prompts ·", "## 1. list the incidents",
                "> and summarise them", "### sentinel-kql/run-kql", "```kql", "| TimeGenerated | Title |",
                "| Rare Activity by a user |", "*3 rows*", "Three incidents; **one** is High.");
        JsonNode transcript = Browserless.JSON.readTree(Files.readString(json));
        assertThat(transcript.path("turns")).hasSize(2);
        assertThat(transcript.path("turns").get(1).path("prompt").asText()).isEqualTo("and summarise them");

        browser.findElement(By.id("clear")).click();
        assertThat(browser.findElements(By.cssSelector("#messages .turn"))).isEmpty();
        assertThat(browser.findElement(By.id("messages")).getText()).contains("this session keeps its prompts");
        browser.navigate().refresh();
        page.awaitReady();
        assertThat(browser.findElements(By.cssSelector("#messages .user-prompt"))).extracting(WebElement::getText)
                .containsExactly("list the incidents", "and summarise them");
    }

    private Path awaitDownload(Path folder, String extension) {
        return waiting().until(driver -> {
            try (var files = Files.list(folder)) {
                return files.filter(f -> f.getFileName().toString().endsWith(extension)).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
    }

    @Test
    void aNoticeStaysInItsPanelUntilDismissed() throws Exception {
        logInByLink();
        new Select(browser.findElement(By.id("promptbook-picker"))).selectByValue("incident-investigation");
        js().executeScript("const f = document.querySelector(\"input[data-input='IncidentNumber']\");"
                + " f.required = false; f.value = '';");
        browser.findElement(By.id("promptbook-run")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notices"), "IncidentNumber"));

        Thread.sleep(9_000); // notices used to vanish after 8 s
        List<WebElement> notices = browser.findElements(By.cssSelector("#notices .notice"));
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).getText()).contains("IncidentNumber");
        notices.get(0).findElement(By.cssSelector("button.notice-dismiss")).click();
        assertThat(browser.findElements(By.cssSelector("#notices .notice"))).isEmpty();
    }
}
