package io.secai.terminal.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.secai.engine.Engine;
import io.secai.engine.Engines;
import io.secai.terminal.testing.EngineFixture;
import io.secai.web.WebServer;
import io.secai.web.WebSettings;

/**
 * {@code secai --demo web} in headless Chromium: the demo engine (as {@code --demo} starts it) behind the web
 * server (as {@code web} starts it). The page shows the demo banner, a sample step answers with the demo rows, any
 * other prompt with what a real configuration needs; a screenshot is taken and checked against the page's
 * structure: the banner is where the DOM says, in its own colour, above the messages.
 */
class DemoWebBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "demo-browser-test-token-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void theDemoPageShowsItsBannerAnswersASampleStepAndSaysWhatElseIsNeeded() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed for the browser test "
                        + "(apt-get install -y chromium chromium-driver)");
        try (Engine engine = DemoMode.start(Engines::start, Optional.of(EngineFixture.pluginsDirOfTheBuild()),
                notice -> { }, folder -> { }, false)) {
            WebServer server = WebServer.start(engine, WebSettings.from(engine.settings()).withPort(0)
                    .withToken(TOKEN));
            ChromeDriver browser = chromium(dir.resolve("profile"));
            try {
                browser.manage().window().setSize(new Dimension(1280, 900));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
                wait.ignoring(StaleElementReferenceException.class);
                browser.get(server.url());
                wait.until(ExpectedConditions.urlContains("/login"));
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                browser.findElement(By.id("login-button")).click();
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

                WebElement banner = browser.findElement(By.id("demo-banner"));
                assertThat(banner.isDisplayed()).isTrue();
                assertThat(banner.findElement(By.cssSelector(".demo-title")).getText())
                        .startsWith("DEMO:").contains("recorded demo answers");
                assertThat(banner.findElements(By.cssSelector(".demo-line"))).extracting(WebElement::getText)
                        .anySatisfy(line -> assertThat(line).contains("run incident-investigation IncidentNumber=2207"))
                        .anySatisfy(line -> assertThat(line).contains("run url-to-detection Url=http://"));

                WebElement incidents = send(browser, wait, "Show me the list incidents with status New in Sentinel "
                        + "for the last 30 days. Show me the incident number, title and severity.");
                assertThat(incidents.findElements(By.cssSelector("table.result-table tbody tr")))
                        .extracting(WebElement::getText)
                        .anySatisfy(row -> assertThat(row).contains("2207", "Password spray"))
                        .noneSatisfy(row -> assertThat(row).contains("Malware detected"));

                WebElement other = send(browser, wait, "Which servers talked to 8.8.8.8 yesterday?");
                assertThat(other.getText()).contains("Recorded demo answer", "openai.endpoint",
                        "azure.workspace-id", "secai doctor");

                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                byte[] png = browser.getScreenshotAs(OutputType.BYTES);
                Path shot = Path.of("target", "demo-web.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, png);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);

                // The screenshot against the structure: the banner's box, as the DOM reports it, is on screen,
                // painted in the banner's background colour, and above the messages.
                Rectangle box = browser.findElement(By.id("demo-banner")).getRect();
                Rectangle messages = browser.findElement(By.id("messages")).getRect();
                assertThat(box.getY() + box.getHeight()).isLessThanOrEqualTo(messages.getY() + 1);
                assertThat(box.getY() + box.getHeight()).isLessThan(image.getHeight());
                int rgb = image.getRGB(box.getX() + 3, box.getY() + 3) & 0xFFFFFF;
                assertThat(Integer.toHexString(rgb)).isEqualTo("eef4ff");
                List<WebElement> turns = browser.findElements(By.cssSelector("#messages .turn"));
                assertThat(turns).hasSize(2);
                assertThat(browser.findElements(By.cssSelector("#prompt-form #prompt"))).hasSize(1);
            } finally {
                browser.quit();
                server.close();
            }
        }
    }

    private static WebElement send(ChromeDriver browser, WebDriverWait wait, String prompt) {
        int before = browser.findElements(By.cssSelector("#messages .turn")).size();
        browser.findElement(By.id("prompt")).sendKeys(prompt);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages .turn"), before + 1));
        WebElement turn = browser.findElements(By.cssSelector("#messages .turn")).get(before);
        wait.until(driver -> !turn.findElements(By.cssSelector(".outcome")).isEmpty());
        return turn;
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--force-device-scale-factor=1", "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        return new ChromeDriver(service, options);
    }
}
