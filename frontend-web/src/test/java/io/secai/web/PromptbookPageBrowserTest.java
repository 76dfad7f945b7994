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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promptbook picker in headless Chromium over the real engine and plugins against the HTTPS fakes
 * ({@link RealEngineFixture}): pick the shipped incident investigation, fill its input, run it, and see every step
 * as a turn with its answer. The model's answer carries an XSS payload that must stay text.
 */
class PromptbookPageBrowserTest {

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private ChromeDriver browser;

    @BeforeAll
    static void startEngine() {
        HeadlessChromium.assumeInstalled();
        fixture = RealEngineFixture.start(work, ChatPageBrowserTest.ANSWER_PAYLOAD, ChatPageBrowserTest.CELL_PAYLOAD,
                ChatPageBrowserTest.PAGE_PAYLOAD);
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
    void incidentInvestigationRunsEveryStepAndShowsTheAnswers() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());

        List<WebElement> steps = run("incident-investigation", "4113");

        assertThat(steps).hasSize(5);
        assertThat(steps).extracting(step -> step.findElement(By.cssSelector(".user-prompt")).getText())
                .element(1).asString().contains("incident number 4113");
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.findElement(By.cssSelector(".step-head")).getText()).contains("incident-investigation: step");
            assertThat(step.findElement(By.cssSelector(".outcome")).getAttribute("data-status"))
                    .isEqualTo("SUCCEEDED");
            List<WebElement> cards = step.findElements(By.cssSelector(".task-card"));
            WebElement answer = cards.get(cards.size() - 1);
            assertThat(answer.findElement(By.cssSelector(".task-status")).getText()).isEqualTo("done");
            assertThat(answer.findElement(By.cssSelector(".task-text")).getText())
                    .contains("<script>window.__xss=2</script>");
        });
        // The first step lists the incidents from the workspace as a table.
        assertThat(page.tableColumn(steps.get(0), 3)).containsExactly("7", "12", "1");
        assertThat(browser.findElement(By.cssSelector(".promptbook-outcome")).getText())
                .contains("incident-investigation").contains("every step done");
        page.assertNoPayloadRan();
    }

    @Test
    void anInputValueIsShownAsTextAndAMissingOneIsNamed() {
        ChatPage page = ChatPage.logIn(browser, fixture.server());
        String hostile = "<img src=x onerror=\"window.__xss=7\"><b id=\"xss-input\">4113</b>";

        List<WebElement> steps = run("incident-investigation", hostile);

        assertThat(steps.get(1).findElement(By.cssSelector(".user-prompt")).getText()).contains(hostile);
        page.assertNoPayloadRan();

        browser.findElement(By.cssSelector("input[data-input='IncidentNumber']")).clear();
        // The browser's own check stops an empty required field; without it the server names the input.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.querySelector(\"input[data-input='IncidentNumber']\").required = false;");
        browser.findElement(By.id("promptbook-run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("notices"), "IncidentNumber"));
    }

    /** Picks the promptbook, fills its one input, runs it and waits for its end; returns the steps' turns. */
    private List<WebElement> run(String name, String incidentNumber) {
        new Select(browser.findElement(By.id("promptbook-picker"))).selectByValue(name);
        WebElement field = browser.findElement(By.cssSelector("input[data-input='IncidentNumber']"));
        assertThat(browser.findElement(By.id("promptbook-description")).getText()).contains("5 steps");
        field.sendKeys(incidentNumber);
        int before = browser.findElements(By.cssSelector(".promptbook-outcome")).size();
        browser.findElement(By.id("promptbook-run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.numberOfElementsToBe(By.cssSelector(".promptbook-outcome"), before + 1));
        return browser.findElements(By.cssSelector("#messages .turn.promptbook-step"));
    }
}
