package dev.shoal.gateway.browser;

import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.CpuGroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One viewer: Debian's headless Chromium, driven through its chromedriver, on the gateway's player page. The
 * page publishes what it measured as {@code window.shoalPlayer.stats()}; this reads it. A viewer has a browser of its
 * own ({@link #open}, {@link #openLive}: what the tests use), or is one window of a {@link ViewerBrowser} shared by many.
 */
public final class Viewer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PLAYER_STATS = "return window.shoalPlayer ? JSON.stringify(window.shoalPlayer.stats()) : null";
    static final String LIVE_STATS = "return window.shoalLive ? JSON.stringify(window.shoalLive.stats()) : null";

    /** A viewer's switches: sound off but playing, and viewers on one machine reach each other over WebRTC by host candidates on loopback. */
    static final List<String> VIEWER_SWITCHES = List.of("--mute-audio", "--autoplay-policy=no-user-gesture-required",
            "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns");

    private final ChromeDriver driver;
    private final Path profile;
    private final String statsScript;
    /** The window (target id) in a shared browser, or null when the browser is this viewer's own. */
    private final String window;
    private final Runnable closeWindow;

    private Viewer(ChromeDriver driver, Path profile, String statsScript, String window, Runnable closeWindow) {
        this.driver = driver;
        this.profile = profile;
        this.statsScript = statsScript;
        this.window = window;
        this.closeWindow = closeWindow;
    }

    private Viewer(ChromeDriver driver, Path profile, String statsScript) {
        this(driver, profile, statsScript, null, null);
    }

    /** A viewer that is one window of a shared browser: closing it closes the window ({@code closeWindow}), not the browser. */
    static Viewer inWindow(ChromeDriver driver, String window, String statsScript, Runnable closeWindow) {
        return new Viewer(driver, null, statsScript, window, closeWindow);
    }

    /** The driver, on this viewer's window when the browser is shared. */
    private ChromeDriver driver() {
        if (window != null) {
            driver.switchTo().window(window);
        }
        return driver;
    }

    /** Fails with what to install when this machine has no browser: browser tests are never skipped. */
    public static void requireBrowser() {
        Chromium.require();
    }

    public static Viewer open(String url) throws IOException {
        return open(url, PLAYER_STATS, null);
    }

    /** A viewer on a live room's page ({@code /live/{room}}): its stats are live.js's {@code window.shoalLive.stats()}. */
    public static Viewer openLive(String url) throws IOException {
        return openLive(url, null);
    }

    /** As {@link #openLive(String)}, the browser in {@code group} ({@link Chromium#start(Path, CpuGroup, String...)}). */
    public static Viewer openLive(String url, CpuGroup group) throws IOException {
        return open(url, LIVE_STATS, group);
    }

    /**
     * Records, from before the page's first script, where each HTTP response the page fetched came from after redirects
     * ({@code fetch}'s {@code response.url}, XHR's {@code responseURL}) and its Content-Length, as
     * {@code window.shoalResponses}: which server's bytes a viewer took, which the page's own stats do not tell.
     */
    private static final String RECORD_RESPONSES = """
            window.shoalResponses = [];
            const realFetch = window.fetch;
            window.fetch = async (...args) => {
              const r = await realFetch(...args);
              window.shoalResponses.push({ url: r.url, status: r.status, bytes: Number(r.headers.get('content-length') || 0) });
              return r;
            };
            const realOpen = XMLHttpRequest.prototype.open;
            XMLHttpRequest.prototype.open = function (...args) {
              this.addEventListener('loadend', () => window.shoalResponses.push({ url: this.responseURL, status: this.status,
                bytes: Number(this.getResponseHeader('content-length') || 0) }));
              return realOpen.apply(this, args);
            };
            """;

    /** A viewer on a live room's page that also records where each HTTP response came from ({@link #responses()}). */
    public static Viewer openLiveRecordingResponses(String url) throws IOException {
        requireBrowser();
        Path profile = Files.createTempDirectory("shoal-viewer");
        ChromeDriver driver = Chromium.start(profile, VIEWER_SWITCHES.toArray(String[]::new));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", RECORD_RESPONSES));
        driver.get(url);
        return new Viewer(driver, profile, LIVE_STATS);
    }

    /** What {@link #openLiveRecordingResponses} recorded: each response's final URL, status and Content-Length. */
    public JsonNode responses() {
        Object json = ((JavascriptExecutor) driver()).executeScript("return JSON.stringify(window.shoalResponses || [])");
        try {
            return JSON.readTree(json.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Viewer open(String url, String statsScript, CpuGroup group) throws IOException {
        requireBrowser();
        Path profile = Files.createTempDirectory("shoal-viewer");
        ChromeDriver driver = Chromium.start(profile, group, VIEWER_SWITCHES.toArray(String[]::new));
        driver.get(url);
        return new Viewer(driver, profile, statsScript);
    }

    /** What the page measured: currentTime, bytes by origin, peers, sources, rejections, stalls, events. */
    public JsonNode stats() {
        Object json = ((JavascriptExecutor) driver()).executeScript(statsScript);
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public java.util.List<String> driverLogs() {
        return driver().manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(e -> e.getTimestamp() + " " + e.getMessage()).toList();
    }

    public void navigate(String url) {
        driver().get(url);
    }

    /** Runs a script in the page and returns what it returns (JSON-encode objects yourself). */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(js, args);
    }

    /** Clicks the element the CSS selector names, as a person would. */
    public void click(String css) {
        driver().findElement(org.openqa.selenium.By.cssSelector(css)).click();
    }

    /** Replaces the text of an input. */
    public void type(String css, String text) {
        var input = driver().findElement(org.openqa.selenium.By.cssSelector(css));
        input.clear();
        input.sendKeys(text);
    }

    /** Lays the page out as a phone (or a desktop) of this width, whatever the headless window's own minimum. */
    public void width(int cssPixels) {
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", cssPixels, "height", 900,
                "deviceScaleFactor", 1, "mobile", cssPixels < 600));
    }

    /** How far the page is wider than the window (0 when nothing scrolls sideways), and what sticks out. */
    public String sidewaysOverflow() {
        return String.valueOf(script("""
                const over = document.scrollingElement.scrollWidth - window.innerWidth;
                if (over <= 0) return "0";
                const out = [];
                document.querySelectorAll("body *").forEach(e => { const r = e.getBoundingClientRect();
                  if (r.right > window.innerWidth + 0.5) out.push(e.tagName.toLowerCase() + "." + e.className + " (" + Math.round(r.right) + ")"); });
                return over + " px: " + out.slice(0, 12).join(", ");"""));
    }

    /** A PNG of what the page shows now. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    public String url() {
        return driver().getCurrentUrl();
    }

    public boolean visible(String css) {
        var found = driver().findElements(org.openqa.selenium.By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    public String text(String css) {
        return driver().findElement(org.openqa.selenium.By.cssSelector(css)).getText();
    }

    /** Polls the page's stats until {@code done} holds, or fails with the last stats after {@code timeout}. */
    public JsonNode await(String what, Duration timeout, Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last.set(stats());
                        return last.get();
                    }, done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("viewer did not reach '" + what + "' within " + timeout + "; last stats: "
                    + (last.get() == null ? "none" : last.get().toPrettyString()), e);
        }
    }

    @Override
    public void close() {
        if (window != null) {
            closeWindow.run();
            return;
        }
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
