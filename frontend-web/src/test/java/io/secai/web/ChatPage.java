package io.secai.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat page as a test drives it. */
final class ChatPage {

    private final ChromeDriver browser;
    private final WebDriverWait wait;

    private ChatPage(ChromeDriver browser) {
        this.browser = browser;
        // The page replaces its body when the login redirects or the page reloads: an element found a moment ago
        // may be gone by the time it is read, which only means "look again".
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** The page the browser shows now (after the login link, say). */
    static ChatPage attach(ChromeDriver browser) {
        return new ChatPage(browser);
    }

    static ChatPage logIn(ChromeDriver browser, WebServer server) {
        browser.get(server.url());
        ChatPage page = new ChatPage(browser);
        page.wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("token")).sendKeys(server.token());
        browser.findElement(By.id("login-button")).click();
        page.awaitReady();
        return page;
    }

    /** Waits until the page has loaded its sessions; on failure says where the browser is and what it shows. */
    void awaitReady() {
        try {
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        } catch (TimeoutException e) {
            throw new AssertionError("the chat page did not become ready at " + browser.getCurrentUrl()
                    + "; it shows: " + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Sends a prompt and waits for its outcome line; returns the turn. */
    WebElement send(String prompt) {
        int before = browser.findElements(By.cssSelector("#messages .turn")).size();
        browser.findElement(By.id("prompt")).sendKeys(prompt);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .turn"), before + 1));
        WebElement turn = browser.findElements(By.cssSelector("#messages .turn")).get(before);
        wait.until(driver -> !turn.findElements(By.cssSelector(".outcome")).isEmpty());
        return turn;
    }

    List<String> tableColumn(WebElement turn, int column) {
        return turn.findElements(By.cssSelector("table.result-table tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(column).getText())
                .toList();
    }

    /** No payload ran: the marker variable is unset, no element it would have added exists, no image loaded. */
    void assertNoPayloadRan() {
        JavascriptExecutor js = browser;
        assertThat(js.executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("#messages img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#messages script"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("[id^='xss-']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#messages a[href^='javascript']"))).isEmpty();
    }
}
