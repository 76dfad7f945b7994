package io.secai.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.engine.Engine;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.web.HeadlessChromium;
import io.secai.web.WebServer;
import io.secai.web.WebSettings;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed's two sample sessions run as the two shipped promptbooks from the web page, in headless Chromium: the
 * analyst logs in, picks {@code incident-investigation}, fills the incident number and runs it, opens a new session,
 * picks {@code url-to-detection}, fills the URL and runs it. Every check of {@link ScenarioEndToEndTest} runs on the
 * steps (it inherits them): the steps reach the engine through the web server's promptbook route, and an engine
 * wrapper records what the fakes received during each step. The terminal check is replaced by what the page shows.
 */
class ScenarioWebPromptbookTest extends ScenarioEndToEndTest {

    private static final Pattern INCIDENT = Pattern.compile("incident number (\\d+)");
    private static final Pattern URL = Pattern.compile("https://\\S+");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    /** What the page showed of one promptbook run. */
    record PageRun(List<String> headings, List<String> statuses, List<String> stepTexts, String end) {
    }

    private static final List<PageRun> pages = new ArrayList<>();

    @BeforeAll
    static void replayBothSessions() {
        Path shared = ScenarioData.sharedDataFolder();
        Optional<ScenarioData> loaded = ScenarioData.load(shared);
        assumeTrue(loaded.isPresent(), "Scenario data not found in " + shared
                + " (scenario/sessions.json, sentinel-workspace-schema.json); set SECAI_SHARED_DATA. Skipping.");
        HeadlessChromium.assumeInstalled();
        // A parent's replay may have run in this JVM: its engine and fakes go, so this engine is the folder's writer.
        stop();
        data = loaded.get();
        world = ScenarioWorld.start(data, directory);
        engine = world.startEngine("web-promptbooks", false);
        runs = Collections.synchronizedList(new ArrayList<>());
        Engine recorded = recording(engine);
        WebServer server = WebServer.start(recorded, WebSettings.defaults().withPort(0));
        ChromeDriver browser = HeadlessChromium.start(directory.resolve("chromium"));
        try {
            logIn(browser, server);
            List<ScenarioData.Prompt> incident = data.sessions().get(0).prompts();
            List<ScenarioData.Prompt> detection = data.sessions().get(1).prompts();
            pages.add(runFromPage(browser, "incident-investigation",
                    Map.of("IncidentNumber", first(INCIDENT, incident.get(1).text()))));
            startNewSession(browser);
            pages.add(runFromPage(browser, "url-to-detection", Map.of("Url", first(URL, detection.get(0).text()))));
        } finally {
            browser.quit();
            server.close();
        }
    }

    /**
     * The engine as the web server sees it, except that each prompt it is given is recorded as the scenario prompt
     * with that exact text: the workspace answers for it, and the fakes' calls during it become its run. The outcome
     * the server waits on completes only after the run is recorded, so steps never overlap in the record.
     */
    private static Engine recording(Engine target) {
        return (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("submit")) {
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                    String prompt = (String) args[1];
                    ScenarioData.Prompt seed = data.allPrompts().stream()
                            .filter(candidate -> candidate.text().strip().equals(prompt.strip())).findFirst()
                            .orElseThrow(() -> new AssertionError("the page sent a prompt that is not one of the"
                                    + " seed's: " + prompt));
                    ScenarioWorld.Mark mark = world.begin(seed);
                    PromptRun run = target.submit((String) args[0], prompt, (io.secai.engine.ProgressListener) args[2]);
                    CompletableFuture<PromptOutcome> recordedOutcome = run.outcome().thenApply(outcome -> {
                        runs.add(world.since(mark, outcome));
                        return outcome;
                    });
                    return new PromptRun() {
                        @Override
                        public String id() {
                            return run.id();
                        }

                        @Override
                        public CompletableFuture<PromptOutcome> outcome() {
                            return recordedOutcome;
                        }

                        @Override
                        public void cancel() {
                            run.cancel();
                        }

                        @Override
                        public Optional<String> notSaved() {
                            return run.notSaved();
                        }
                    };
                });
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
    }

    private static WebDriverWait waiting(ChromeDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void logIn(ChromeDriver browser, WebServer server) {
        browser.get(server.url());
        waiting(browser, Duration.ofSeconds(60)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("token")).sendKeys(server.token());
        browser.findElement(By.id("login-button")).click();
        waiting(browser, Duration.ofSeconds(60)).until(
                ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    private static void startNewSession(ChromeDriver browser) {
        int sessions = browser.findElements(By.cssSelector("#session-list li")).size();
        browser.findElement(By.id("new-session")).click();
        waiting(browser, Duration.ofSeconds(60)).until(driver ->
                driver.findElements(By.cssSelector("#session-list li")).size() > sessions
                        && driver.findElements(By.cssSelector("#messages .turn")).isEmpty());
    }

    /** Picks the promptbook, fills the given inputs (the others keep their defaults), runs it, reads the page. */
    private static PageRun runFromPage(ChromeDriver browser, String name, Map<String, String> inputs) {
        new Select(browser.findElement(By.id("promptbook-picker"))).selectByValue(name);
        inputs.forEach((input, value) -> {
            WebElement field = waiting(browser, Duration.ofSeconds(30)).until(ExpectedConditions
                    .visibilityOfElementLocated(By.cssSelector("input[data-input='" + input + "']")));
            field.clear();
            field.sendKeys(value);
        });
        int before = browser.findElements(By.cssSelector(".promptbook-outcome")).size();
        browser.findElement(By.id("promptbook-run")).click();
        waiting(browser, RUN_TIMEOUT).until(
                ExpectedConditions.numberOfElementsToBe(By.cssSelector(".promptbook-outcome"), before + 1));
        List<WebElement> steps = browser.findElements(By.cssSelector("#messages .turn.promptbook-step"));
        return new PageRun(
                steps.stream().map(step -> step.findElement(By.cssSelector(".step-head")).getText()).toList(),
                steps.stream().map(step -> step.findElement(By.cssSelector(".outcome")).getAttribute("data-status"))
                        .toList(),
                steps.stream().map(step -> step.getAttribute("textContent")).toList(),
                browser.findElements(By.cssSelector(".promptbook-outcome")).get(before).getText());
    }

    @Test
    void theStepsTheWebPageRanAreExactlyTheSeedsSessions() {
        assertThat(runs).extracting(run -> run.prompt().number()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Override
    @Test
    void theTerminalsOneShotJsonHoldsTheRowsOfTheFirstPrompt() {
        // Replaced by what the page shows: every step a turn of its own, done, and the Sentinel steps' rows.
        assertThat(pages).hasSize(2);
        PageRun incident = pages.get(0);
        PageRun detection = pages.get(1);
        assertThat(incident.headings()).containsExactly("incident-investigation: step 1 of 5",
                "incident-investigation: step 2 of 5", "incident-investigation: step 3 of 5",
                "incident-investigation: step 4 of 5", "incident-investigation: step 5 of 5");
        assertThat(detection.headings()).containsExactly("url-to-detection: step 1 of 3",
                "url-to-detection: step 2 of 3", "url-to-detection: step 3 of 3");
        assertThat(incident.statuses()).containsOnly("SUCCEEDED");
        assertThat(detection.statuses()).containsOnly("SUCCEEDED");
        assertThat(incident.end()).contains("incident-investigation").contains("every step done");
        assertThat(detection.end()).contains("url-to-detection").contains("every step done");
        List<ScenarioData.Prompt> seed = data.sessions().get(0).prompts();
        for (int i = 0; i < seed.size(); i++) {
            if (!seed.get(i).asksSentinel()) {
                continue;
            }
            JsonNode rows;
            try {
                rows = JSON.readTree(seed.get(i).queryResult().orElseThrow()).path("tables").path(0).path("rows");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            String shown = incident.stepTexts().get(i);
            assertThat(shown).as("step %d's row count", i + 1).contains(rows.size() + (rows.size() == 1 ? " row" : " rows"));
            for (JsonNode row : rows) {
                assertThat(shown).as("step %d shows the row", i + 1).contains(row.path(1).asText());
            }
        }
    }
}
