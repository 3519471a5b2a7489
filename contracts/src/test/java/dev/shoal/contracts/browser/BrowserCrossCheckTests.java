package dev.shoal.contracts.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.support.TestContent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same manifest signed in Java verifies in headless Chromium with ethers, and the browser's signature
 * verifies in Java. The page derives the content id itself from the JSON (src/test/js/canonical.js).
 *
 * <p>Like every browser test it drives Debian's chromium through its chromedriver (deploy's {@code testing.Chromium}
 * does the same for the services; contracts cannot depend on deploy) and fails, never skips, without them.
 */
class BrowserCrossCheckTests {

    private static final String CHROMIUM = System.getProperty("shoal.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("shoal.chromedriver", "/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void javaAndBrowserAgreeOnContentIdAndSignatures() throws Exception {
        Path root = TestContent.repoRoot();
        assertThat(root).as("the repository root (run the tests from a checkout)").isNotNull();
        Path ethers = root.resolve("tools/node_modules/ethers/dist/ethers.min.js");
        assertThat(ethers).as("ethers from tools/: cd tools && npm ci --ignore-scripts").isRegularFile();
        assertThat(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute())
                .as("the browser tests need Debian's chromium and chromium-driver (%s, %s): ./shoal test installs them when it"
                        + " runs as root; else apt-get install -y chromium chromium-driver", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        Path js = root.resolve("contracts/src/test/js");

        SigningKey creator = DemoKeys.creator();
        SignedManifest signed = ManifestBuilder.build(HlsFolder.open(TestContent.fixtureCopy("fmp4", tmp)),
                "Cross-check \u2713 ünïcode", creator.address()).sign(creator);
        Map<String, byte[]> files = Map.of(
                "/", Files.readAllBytes(js.resolve("crosscheck.html")),
                "/canonical.js", Files.readAllBytes(js.resolve("canonical.js")),
                "/ethers.js", Files.readAllBytes(ethers),
                "/manifest.json", signed.toJson().getBytes(StandardCharsets.UTF_8),
                "/params.json", ("{\"privateKey\":\"" + DemoKeys.CREATOR_PRIVATE_KEY + "\"}").getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            String path = exchange.getRequestURI().getPath();
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".json") ? "application/json" : "text/html";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        JsonNode result;
        try {
            result = runInBrowser("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        } finally {
            server.stop(0);
        }
        assertThat(result.path("error").isMissingNode()).as(result.toString()).isTrue();

        // Java -> browser: the browser computes the same content id and recovers the creator
        assertThat(result.get("contentId").textValue()).isEqualTo(signed.contentId().hex());
        assertThat(result.get("javaSigner").textValue()).isEqualTo(creator.address().toString());

        // browser -> Java: the wallet's signature verifies here, and is byte-identical (RFC 6979 on both sides)
        Signature fromBrowser = Signature.fromHex(result.get("browserSignature").textValue());
        new SignedManifest(signed.manifest(), fromBrowser).verify(creator.address());
        assertThat(fromBrowser).isEqualTo(signed.signature());
        Signature otherWallet = Signature.fromHex(result.get("otherSignature").textValue());
        assertThatThrownBy(() -> new SignedManifest(signed.manifest(), otherWallet).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
    }

    /** Loads the cross-check page in headless Chromium and returns what it left in {@code window.result}. */
    private JsonNode runInBrowser(String url) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(url);
            Awaitility.await("the page's result").atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .until(() -> Boolean.TRUE.equals(driver.executeScript("return window.result !== undefined")));
            Object json = driver.executeScript("return JSON.stringify(window.result)");
            return new ObjectMapper().readTree(json.toString());
        } finally {
            driver.quit();
        }
    }
}
