package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.InBrowser;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.testing.TestDatabases;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.content.ContentService;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A creator publishes from the dashboard in a real Chromium, as a person would: signs in through Keycloak's form,
 * uploads an ffmpeg-made MP4 whose upload is cut off (the page reloaded midway) and resumed from the offset the
 * marketplace holds, follows two renditions transcoding with the real ffmpeg, signs the manifest with the wallet (a
 * stand-in EIP-1193 provider forwarding to the real anvil, whose dev account signs), gets a quote, orders 5 replicas,
 * funds them from the wallet, and sees them ACTIVE on five real agents that copied the segments from this marketplace;
 * each agent serves segments that hash to the signed manifest. Bad uploads are refused with precise problem types and
 * leave nothing staged.
 */
@QuarkusTest
@TestProfile(UploadProfile.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class UploadInBrowserIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** anvil's dev account #7: anvil holds its key, so personal_sign and eth_sendTransaction work through the stand-in wallet. */
    private static final String CREATOR = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
    private static final Path SHOTS = Path.of("target", "screenshots", "upload");

    @TestHTTPResource("/")
    URL marketplace;

    @Inject
    UploadService uploads;

    @Inject
    EscrowGateway gateway;

    @Inject
    MarketplaceConfig config;

    @Inject
    UploadRepository repository;

    @Inject
    ContentService contents;

    @Inject
    UploadSweep sweep;

    @Inject
    dev.shoal.marketplace.content.Posters posters;

    private static Path video;
    private static Path work;
    private static Stack edge;
    private static String gatewayDb;
    private ChromeDriver browser;

    @BeforeAll
    static void aVideo() throws Exception {
        work = Files.createTempDirectory("shoal-upload-it");
        video = work.resolve("holiday.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440", "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "300k", "-c:a", "aac",
                "-movflags", "+faststart", video.toString()).inheritIO().start();
        assertThat(ffmpeg.waitFor()).isZero();
    }

    @AfterAll
    static void stopGatewayAndAgents() {
        if (edge != null) {
            edge.stop();
        }
        if (gatewayDb != null) {
            TestDatabases.drop(RealServices.endpoints(), gatewayDb);
        }
    }

    @BeforeEach
    void aBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        browser = Chromium.start(Files.createTempDirectory(work, "profile"));
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", Chromium.testWallet(CREATOR, config.chain().rpcUrl())));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCreatorUploadsWithAResumeSignsOrdersFundsGetsFiveActiveReplicasAndTheVideoPlaysAndIsFound() throws Exception {
        startGatewayAndAgents();
        gateway.mintTestTokens(CREATOR, BigInteger.valueOf(1_000_000_000_000L), "mint:upload-it:" + UUID.randomUUID()).await().atMost(WAIT);
        long size = Files.size(video);
        assertThat(size).as("several chunks").isGreaterThan(4L * UploadProfile.CHUNK).isLessThan(UploadProfile.MAX);

        // a slow line, so the upload is surely midway when the page goes away
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", 100_000));
        signIn();
        shot("1-studio", "#studio");
        browser.findElement(By.id("video")).sendKeys(video.toString());
        browser.findElement(By.id("title")).sendKeys("Holiday in the browser");
        browser.findElement(By.id("upload")).click();
        await("part of the file uploaded", () -> {
            String offset = browser.findElement(By.id("studio")).getAttribute("data-offset");
            return offset != null && Long.parseLong(offset) > 0 ? offset : null;
        });
        shot("2-uploading");
        String id = browser.findElement(By.id("studio")).getAttribute("data-upload");
        // cut off: the page goes away midway; the marketplace keeps what arrived
        browser.navigate().refresh();
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        long kept = uploads.owned("creator", id).offset;
        assertThat(kept).as("cut off midway").isPositive().isLessThan(size);

        await("the studio again", () -> shown("#video")).sendKeys(video.toString());
        browser.findElement(By.id("upload")).click();
        String resumedAt = await("resumed", () -> browser.findElement(By.id("studio")).getAttribute("data-resumed-at"));
        assertThat(Long.parseLong(resumedAt)).as("resumed from the offset the marketplace holds").isEqualTo(kept);
        await("the renditions transcoded", () -> shown("#sign-button"));
        shot("3-transcoded", "#renditions");
        assertThat(browser.findElements(By.cssSelector("li.rendition[data-done=true]"))).extracting(e -> e.getAttribute("data-rendition"))
                .containsExactly("720p", "360p");
        assertThat(uploads.owned("creator", id).received).as("no byte sent twice").isEqualTo(size);

        browser.findElement(By.id("sign-button")).click();
        WebElement watch = await("published", () -> shown("#watch-link"));
        shot("4-published", "#published");
        String contentId = browser.findElement(By.id("studio")).getAttribute("data-content");
        String watchLink = watch.getText();
        assertThat(watchLink).isEqualTo(config.uploads().gatewayUrl() + "/watch/" + contentId);
        assertThat(browser.findElement(By.id("embed")).getAttribute("value")).contains("<iframe src=\"" + watchLink + "\"");
        Manifest manifest = uploads.manifestOf(uploads.owned("creator", id));
        assertThat(manifest.creator().toString()).isEqualToIgnoringCase(CREATOR);
        assertThat(manifest.renditions()).hasSizeGreaterThanOrEqualTo(2);

        browser.findElement(By.id("quote")).click();
        WebElement total = await("the quote", () -> shown("#quote-total"));
        assertThat(total.getText()).endsWith(" sUSD");
        assertThat(browser.findElement(By.id("quote-view")).getText()).contains("S3 Standard", "gas");
        shot("5-quote", "#quote-view");
        browser.findElement(By.id("order")).click();

        await("the fund button once every replica is placed", () -> shown("section.order [data-funding-order] button.fund")).click();
        await("funded", () -> shown("section.order .funding-status[data-status='FUNDED']"));
        browser.navigate().refresh();
        assertThat(await("the order after a reload", () -> shown("section.order")).getText()).contains("escrowed");
        shot("6-funded", "section.order");
        await("five replicas active", () -> {
            List<WebElement> active = browser.findElements(By.cssSelector("section.order .replica-state[data-active='5']"));
            return active.isEmpty() ? null : active;
        });
        shot("7-active", "section.order");

        // every ACTIVE agent serves the segments, which hash to the signed manifest
        HttpClient http = HttpClient.newHttpClient();
        String orderId = browser.findElement(By.cssSelector("section.order")).getAttribute("data-order");
        List<String> endpoints = io.restassured.RestAssured.given().auth().oauth2(DemoUsers.accessToken(RealServices.endpoints().issuer(), "creator"))
                .when().get("/api/orders/" + orderId).then().statusCode(200).extract().jsonPath().getList("deals.findAll { it.state == 'ACTIVE' }.endpoint");
        assertThat(endpoints).hasSize(5);
        for (String endpoint : endpoints) {
            for (Rendition r : manifest.renditions()) {
                SegmentRecord first = r.segments().get(0);
                HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/segments/" + first.sha256().hex())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(served.statusCode()).isEqualTo(200);
                assertThat(Sha256.of(served.body())).as("%s of %s from %s", first.index(), r.name(), endpoint).isEqualTo(first.sha256());
            }
        }
        assertThat(browser.findElements(By.cssSelector("section.order tr.replica td[data-label=state]"))).extracting(WebElement::getText)
                .as("the rows refreshed too").containsOnly("ACTIVE");

        // a viewer plays it from the watch link, every byte checked against the signed manifest
        String gatewayUrl = edge.components().get(0).url();
        String watchPath = URI.create(watchLink).getPath();
        ChromeDriver viewer = viewer();
        try {
            viewer.get(gatewayUrl + watchPath);
            Map<String, Object> played = awaitStats(viewer, "played past 3 s", s -> ((Number) s.get("currentTime")).doubleValue() > 3);
            assertThat((List<?>) played.get("errors")).as("player errors").isEmpty();
            assertThat((List<?>) played.get("rejected")).as("segments refused by their hash").isEmpty();
            assertThat(((Number) played.get("httpBytes")).longValue()).as("bytes fetched and verified").isPositive();
            Files.write(SHOTS.resolve("8-watch.png"), viewer.getScreenshotAs(OutputType.BYTES));
        } finally {
            viewer.quit();
        }

        // a second browser, sent no link, finds it by searching the gateway's home page
        ChromeDriver finder = viewer();
        try {
            finder.get(gatewayUrl + "/?q=no-such-words-anywhere");
            WebElement search = await(finder, "the home page's search box", () -> InBrowser.shown(finder, "[data-search-input]"));
            search.clear();
            search.sendKeys("holiday browser");
            finder.findElement(By.cssSelector("form[data-search] button")).click();
            String item = "li[data-content-id='" + contentId + "']";
            await(finder, "the search's result", () -> finder.getCurrentUrl().contains("q=holiday+browser") ? InBrowser.shown(finder, item) : null);
            assertThat(finder.findElement(By.cssSelector(item + " [data-title]")).getText()).isEqualTo("Holiday in the browser");
            assertThat(finder.findElement(By.cssSelector(item + " [data-creator-name]")).getText()).as("a name, not an address")
                    .isEqualTo("Creator Demo");
            assertThat(io.restassured.RestAssured.given().get("/api/catalog/" + contentId + "/poster").contentType())
                    .as("a frame of the video, not the placeholder").isEqualTo("image/jpeg");
            Files.write(SHOTS.resolve("9-found.png"), finder.getScreenshotAs(OutputType.BYTES));
            finder.findElement(By.cssSelector(item + " a[data-watch]")).click();
            awaitStats(finder, "playing from the search's result", s -> ((Number) s.get("currentTime")).doubleValue() > 1);
            assertThat(finder.getCurrentUrl()).endsWith(watchPath);
        } finally {
            finder.quit();
        }
    }

    /** A viewer's browser: muted, allowed to play without a gesture. */
    private static ChromeDriver viewer() throws java.io.IOException {
        ChromeDriver driver = Chromium.start(Files.createTempDirectory(work, "viewer"), "--mute-audio", "--autoplay-policy=no-user-gesture-required");
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }

    /** The watch page's player stats ({@code window.shoalPlayer.stats()}) once {@code done} holds; fails at once on a player error. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitStats(ChromeDriver driver, String what, java.util.function.Predicate<Map<String, Object>> done) {
        return await(driver, what, () -> {
            Map<String, Object> stats = (Map<String, Object>) driver.executeScript("return window.shoalPlayer ? window.shoalPlayer.stats() : null");
            if (stats == null) {
                return null;
            }
            assertThat((List<?>) stats.get("errors")).as("player errors while waiting for: " + what + "; stats " + stats).isEmpty();
            return done.test(stats) ? stats : null;
        });
    }

    @Test
    void badUploadsAreRefusedPreciselyAndLeaveNothingStaged() throws Exception {
        signIn();
        Path text = Files.writeString(work.resolve("notes.mp4"), "not frames\n".repeat(2000));
        byte[] whole = Files.readAllBytes(video);
        Path cut = Files.write(work.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 3));

        assertThat(refusal(text)).containsEntry("problem", "not-video");
        assertThat(refusal(cut)).containsEntry("problem", "video-corrupt");
        Map<String, Object> tooLarge = post("/dashboard/creator/uploads", "{\"name\":\"big.mp4\",\"size\":" + (UploadProfile.MAX + 1) + "}");
        assertThat(tooLarge).containsEntry("status", 413L).containsEntry("type", "payload-too-large");
        assertThat((String) tooLarge.get("contentType")).startsWith("application/problem+json");

        Upload theirs = uploads.create("creator2", new UploadRequest("theirs.mp4", 1000L, null));
        Map<String, Object> other = patch("/dashboard/creator/uploads/" + theirs.id, 0);
        assertThat(other).containsEntry("status", 403L).containsEntry("type", "upload-not-yours");
        assertThat(uploads.owned("creator2", theirs.id).offset).as("nothing written to another's upload").isZero();
        uploads.remove("creator2", theirs.id);
        assertThat(uploads.staged(theirs.id)).isFalse();
    }

    @Test
    void anUnfinishedUploadResumesAfterARestartFromPostgresqlAndTheSweepRemovesItOnceAbandoned() {
        Upload upload = uploads.create("creator", new UploadRequest("resume.mp4", 300L, null));
        uploads.append("creator", upload.id, 0, new java.io.ByteArrayInputStream(new byte[100]));
        // a new instance, nothing in its memory: the rows and the shared folder are all it has
        UploadService restarted = new UploadService(config, contents, repository, posters, java.time.Clock.systemUTC());
        try {
            assertThat(restarted.owned("creator", upload.id).offset).isEqualTo(100);
            restarted.append("creator", upload.id, 100, new java.io.ByteArrayInputStream(new byte[100]));
            assertThat(uploads.owned("creator", upload.id).offset).as("seen by the first instance too").isEqualTo(200);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> uploads.append("creator", upload.id, 100, new java.io.ByteArrayInputStream(new byte[100])))
                    .isInstanceOfSatisfying(dev.shoal.contracts.problem.ProblemException.class,
                            e -> assertThat(e.extensions()).containsEntry("offset", 200L));
        } finally {
            restarted.stop();
        }
        assertThat(sweep.runOnce(java.time.Instant.now()).removed()).as("touched just now: kept").isZero();
        assertThat(sweep.runOnce(java.time.Instant.now().plus(config.uploads().abandonAfter()).plusSeconds(1)).removed()).isPositive();
        assertThat(uploads.staged(upload.id)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> uploads.owned("creator", upload.id))
                .isInstanceOfSatisfying(dev.shoal.contracts.problem.ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(dev.shoal.contracts.problem.ProblemType.UPLOAD_NOT_FOUND));
    }

    /** Uploads the file through the page and returns what the page shows: the problem's slug and whether anything stays staged. */
    private Map<String, String> refusal(Path file) {
        browser.navigate().refresh();
        await("the studio", () -> shown("#video")).sendKeys(file.toString());
        browser.findElement(By.id("upload")).click();
        WebElement status = await("the refusal", () -> shown("#upload-status[data-state='FAILED']"));
        shot("refused-" + file.getFileName(), "#upload-status");
        String id = browser.findElement(By.id("studio")).getAttribute("data-upload");
        assertThat(status.getText()).contains(file.getFileName().toString(), "Nothing was kept").doesNotContain("shoal-uploads");
        assertThat(uploads.staged(id)).as("nothing staged for " + file.getFileName()).isFalse();
        return Map.of("problem", status.getAttribute("data-problem"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String json) {
        return (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: arguments[1] })
                  .then(async (r) => { const b = await r.json(); done({ status: r.status, type: (b.type || "").replace(/.*\\//, ""), contentType: r.headers.get("Content-Type") }); });
                """, path, json);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> patch(String path, long offset) {
        return (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { method: "PATCH", credentials: "same-origin", headers: { "Content-Type": "application/octet-stream", "Upload-Offset": String(arguments[1]), Accept: "application/json" }, body: new Uint8Array(100) })
                  .then(async (r) => { const b = await r.json(); done({ status: r.status, type: (b.type || "").replace(/.*\\//, "") }); });
                """, path, offset);
    }

    private static void startGatewayAndAgents() throws Exception {
        String market = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        gatewayDb = TestDatabases.create(RealServices.endpoints(), "gateway_it");
        edge = Stacks.gatewayAndAgents(Stacks.context(ShoalHome.locate(), Files.createTempDirectory(work, "edge"), null,
                m -> System.out.println("[upload-edge] " + m)), RealServices.endpoints(), market, gatewayDb, 5, "upload-agent-");
        edge.start();
    }

    private void signIn() {
        browser.get(marketplace.toString().replaceAll("/$", "") + "/dashboard/creator");
        await("Keycloak's login form", () -> shown("#username")).sendKeys("creator");
        browser.findElement(By.id("password")).sendKeys(DemoUsers.password("creator"));
        browser.findElement(By.id("kc-login")).click();
        await("the creator page", () -> shown("#studio"));
    }

    /** Screenshots at 1280 and 390 px wide with {@code css}'s element in view. */
    private void shot(String name, String css) {
        browser.executeScript("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", css);
        shot(name);
        browser.manage().window().setSize(new Dimension(390, 900));
        browser.executeScript("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", css);
        shot(name + "-390");
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void shot(String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WebElement shown(String css) {
        return InBrowser.shown(browser, css);
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(probe::get, Objects::nonNull);
    }

    /** As {@link #await(String, java.util.function.Supplier)}, but a failed assertion in the probe fails at once. */
    private static <T> T await(ChromeDriver driver, String what, java.util.function.Supplier<T> probe) {
        return Awaitility.await(what + " on " + driver.getCurrentUrl()).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(300))
                .ignoreExceptionsMatching(e -> !(e instanceof AssertionError)).until(probe::get, Objects::nonNull);
    }
}
