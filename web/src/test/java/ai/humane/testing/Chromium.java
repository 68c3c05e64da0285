package ai.humane.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, on loopback against the shared server, with a
 * fresh profile. {@link #assertNoConsoleErrors()} fails on every console error and CSP violation the page
 * logged: only the API's own 4xx answers (a refused or signed-out call, which the page shows) are expected.
 * `./humane test` installs Debian's chromium and chromium-driver when it runs as root.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** The network's note about an API answer of 4xx: the page shows the problem; nothing went wrong in it. */
    private static final Pattern API_REFUSAL = Pattern.compile(
            "^http://127\\.0\\.0\\.1:\\d+/api/v1/\\S+ - Failed to load resource: the server responded with a status of 4\\d\\d.*");
    private static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));

    private final ChromeDriver driver;
    private final URL base;
    private final Path profile;

    public Chromium(URL base) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("The console tests need Debian's chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver; ./humane test installs them as root)");
        }
        this.base = base;
        try {
            profile = Files.createTempDirectory("humane-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(BINARY.toFile());
        // As root Chromium needs --no-sandbox; the rest keep it from calling out to Google (the network is closed).
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,860", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 860));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the console, such as {@code /sign-in}. */
    public void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    public String path() {
        return (String) driver.executeScript("return location.pathname + location.search");
    }

    /** Waits (at most 30 s) until the page shows the text. */
    public void waitForText(String text) {
        wait(30).withMessage(() -> "the page never showed \"" + text + "\"; " + diagnosis())
                .until(d -> bodyText().contains(text));
    }

    /** What a failed wait reports: the address, the page's text and what the browser logged. */
    private String diagnosis() {
        return "at " + path() + " the page shows:\n" + bodyText() + "\nthe browser logged:\n"
                + String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList());
    }

    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Whether any field of the page holds {@code text} in its value. A value set as a property (as the console sets
     * every field's) is in neither the page source nor the page's text, so only this sees a secret left in a field.
     */
    public boolean anyFieldHolds(String text) {
        return Boolean.TRUE.equals(driver.executeScript(
                "return [...document.querySelectorAll('input, textarea')].some(f => f.value.includes(arguments[0]))", text));
    }

    /** The input a visible label names: the page's labels are what people, and screen readers, go by. */
    public WebElement field(String label) {
        WebElement element = wait(30).withMessage(this::diagnosis).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[normalize-space()='" + label + "']")));
        return driver.findElement(By.id(element.getAttribute("for")));
    }

    public void type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the visible button (or link styled as one, or summary) with this text. */
    public void click(String text) {
        By by = By.xpath("//*[self::button or self::a or self::summary][normalize-space()='" + text + "']");
        wait(30).withMessage(this::diagnosis).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    public List<WebElement> buttons(String text) {
        return driver.findElements(By.xpath("//*[self::button or self::summary][normalize-space()='" + text + "']"));
    }

    public Object script(String asyncScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(asyncScript, arguments);
    }

    /**
     * A wait of at most {@code seconds} that reads the page again when it was replaced under the condition (a
     * navigation between finding an element and reading it: a StaleElementReferenceException ended
     * {@code ConsoleSsoIT}'s wait for the second step once in CI, as Keycloak's form handed over to the console).
     */
    public WebDriverWait wait(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** A PNG of the viewport into target/screenshots (or -Dconsole.screenshots=docs/screenshots). */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails on any console error or CSP violation since the last call; the API's 4xx answers excepted. */
    public void assertNoConsoleErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(message -> !API_REFUSAL.matcher(message).matches()).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("The browser logged errors:\n" + String.join("\n", errors));
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
