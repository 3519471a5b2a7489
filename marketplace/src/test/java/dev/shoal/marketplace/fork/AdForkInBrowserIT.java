package dev.shoal.marketplace.fork;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.upload.UploadProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static dev.shoal.deploy.testing.InBrowser.screenshots;
import static dev.shoal.deploy.testing.InBrowser.shown;
import static dev.shoal.deploy.testing.InBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advertiser makes a fork on its page in a real Chromium, from a video file: a creator first publishes an original
 * through the studio (1280x720, so 720p and 360p, 16 s: its segments meet at 0:08); the advertiser finds it in the
 * catalog, picks the cue 0:08 among the original's boundaries, uploads a 640x360 ffmpeg test pattern through the same
 * pipeline (the real ffmpeg cuts it like the original: 720p and 360p, which its own size would not give), signs the ad
 * with its wallet, previews the spliced fork in hls.js until the ad plays, labelled, and signs the fork and requests
 * consent; the creator sees the request on its page. The wallets stand in for MetaMask and forward to the real anvil,
 * which signs for its dev accounts. Each refusal of the page's endpoints is asked from the signed-in browsers, and none
 * registers anything. Screenshots at 1280 and 390 px go to target/screenshots/adform.
 */
@QuarkusTest
@TestProfile(UploadProfile.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class AdForkInBrowserIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** anvil's dev accounts #7 and #8: anvil holds their keys, so personal_sign works through the stand-in wallet. */
    private static final String CREATOR = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
    private static final String ADVERTISER = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private static final Path SHOTS = Path.of("target", "screenshots", "adform");
    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");

    @TestHTTPResource("/")
    URL marketplace;

    @Inject
    MarketplaceConfig config;

    private static Path work;
    private static Path original;
    private static Path ad;
    private final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void videos() throws Exception {
        work = Files.createTempDirectory("shoal-adform-it");
        original = ffmpeg("lighthouse.mp4", "testsrc2=size=1280x720:rate=25", 16);
        ad = ffmpeg("sea-tea.mp4", "smptebars=size=640x360:rate=25", 6);
    }

    private static Path ffmpeg(String name, String source, int seconds) throws Exception {
        Path out = work.resolve(name);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                "-f", "lavfi", "-i", "sine=frequency=440", "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                "-b:v", "300k", "-c:a", "aac", "-movflags", "+faststart", out.toString()).inheritIO().start();
        assertThat(ffmpeg.waitFor()).isZero();
        return out;
    }

    @AfterEach
    void close() {
        browsers.forEach(ChromeDriver::quit);
    }

    @Test
    void theAdvertiserUploadsAnAdPicksACuePreviewsAndRequestsAndTheCreatorSeesTheRequest() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);

        // the creator publishes the original through the studio
        ChromeDriver creator = browser(CREATOR);
        signIn(creator, marketplace.toString(), "/dashboard/creator", "creator", WAIT);
        await("the studio", () -> shown(creator, "#video")).sendKeys(original.toString());
        creator.findElement(By.id("title")).sendKeys("Lighthouse " + run);
        creator.findElement(By.id("upload")).click();
        await("the original transcoded", () -> shown(creator, "#sign-button")).click();
        await("the original published", () -> shown(creator, "#watch-link"));
        String originalId = creator.findElement(By.id("studio")).getAttribute("data-content");

        // the advertiser picks it from the catalog and a cue among its segment boundaries
        ChromeDriver advertiser = browser(ADVERTISER);
        signIn(advertiser, marketplace.toString(), "/dashboard/advertiser", "advertiser", WAIT);
        WebElement search = await("the fork form", () -> shown(advertiser, "#original-q"));
        assertThat(shown(advertiser, "#ad-needs-original")).as("no upload before an original is chosen").isNotNull();
        assertThat(shown(advertiser, "#video")).isNull();
        search.sendKeys("Lighthouse " + run);
        advertiser.findElement(By.id("original-search")).click();
        String card = "li.original[data-content='" + originalId + "']";
        await("the original in the results", () -> shown(advertiser, card + " img"));
        screenshots(advertiser, SHOTS, "1-pick-original", "#make-fork");
        shown(advertiser, card + " button.pick-original").click();
        WebElement cue = await("the cue points", () -> shown(advertiser, "#cue"));
        assertThat(new Select(cue).getOptions()).extracting(WebElement::getText)
                .containsExactly("0:00 (before the video)", "0:08", "0:16 (after the video)");
        new Select(cue).selectByVisibleText("0:08");
        screenshots(advertiser, SHOTS, "2-cue", "#cue-step");

        // the ad: a file through the studio's pipeline, cut like the original
        shown(advertiser, "#video").sendKeys(ad.toString());
        advertiser.findElement(By.id("title")).sendKeys("Sea tea " + run);
        advertiser.findElement(By.id("upload")).click();
        WebElement signAd = await("the ad transcoded", () -> shown(advertiser, "#sign-button"));
        assertThat(advertiser.findElements(By.cssSelector("li.rendition[data-done=true]"))).extracting(e -> e.getAttribute("data-rendition"))
                .as("the original's renditions, though the ad is 360 px high").containsExactly("720p", "360p");
        screenshots(advertiser, SHOTS, "3-ad-transcoded", "#renditions");
        signAd.click();
        await("the preview step", () -> shown(advertiser, "#preview"));
        String adId = advertiser.findElement(By.id("make-fork")).getAttribute("data-ad");
        assertThat(adId).isEqualTo(advertiser.findElement(By.id("studio")).getAttribute("data-content"));
        assertThat(given().get("/api/catalog/" + adId).then().statusCode(200).extract().jsonPath().getString("creator"))
                .as("the ad is the advertiser's content, signed by its wallet").isEqualToIgnoringCase(ADVERTISER);
        // the picker of originals leaves out the advertiser's own contents: the ad, which the public catalog lists
        assertThat(given().get("/api/catalog?q=Sea+tea+" + run).then().statusCode(200).extract().jsonPath().getList("items.contentId", String.class))
                .as("the public catalog lists the ad").containsExactly(adId);
        search.clear();
        search.sendKeys("Sea tea " + run);
        advertiser.findElement(By.id("original-search")).click();
        await("the search without the ad", () -> "Nothing found.".equals(advertiser.findElement(By.id("originals")).getText()) ? true : null);

        // the preview: the spliced fork plays in hls.js, and the ad is labelled when it plays
        shown(advertiser, "#preview").click();
        await("the preview's jump", () -> shown(advertiser, "#preview-jump")).click();
        await("the preview plays into the ad", () -> "true".equals(advertiser.findElement(By.id("preview-video")).getAttribute("data-reached-ad")) ? true : null);
        WebElement label = shown(advertiser, "#ad-label");
        assertThat(label).as("the ad labelled while it plays").isNotNull();
        assertThat(label.getText()).startsWith("Ad · 0:0");
        assertThat(advertiser.findElement(By.id("preview-ads")).getText()).isEqualTo("ad 1: 0:08 to 0:14");
        assertThat(advertiser.findElement(By.id("preview-status")).getAttribute("class")).doesNotContain("bad");
        screenshots(advertiser, SHOTS, "4-preview", ".preview");

        // refusals, from the signed-in browsers; nothing registered by any
        Map<String, Object> offBoundary = post(advertiser, "/dashboard/advertiser/drafts",
                Map.of("original", originalId, "ad", adId, "cuesMicros", List.of(3_000_000)));
        assertThat(offBoundary).containsEntry("status", 400L);
        assertThat((String) offBoundary.get("body")).contains("\"field\":\"cuesMicros\"", "not on a segment boundary", "0:00 and 0:08");
        Map<String, Object> pastEnd = post(advertiser, "/dashboard/advertiser/drafts",
                Map.of("original", originalId, "ad", adId, "cuesMicros", List.of(60_000_000)));
        assertThat(pastEnd).containsEntry("status", 400L);
        assertThat((String) pastEnd.get("body")).contains("\"field\":\"cuesMicros\"", "beyond the original's end (0:16)");
        String otherAd = registerHlsAd("Other cut " + run);
        Map<String, Object> mismatch = post(advertiser, "/dashboard/advertiser/drafts",
                Map.of("original", originalId, "ad", otherAd, "cuesMicros", List.of(8_000_000)));
        assertThat(mismatch).containsEntry("status", 422L);
        assertThat((String) mismatch.get("body")).contains("fork-mismatch", "has no rendition 720p");
        String strangerSignature = SigningKey.generate().sign("not the fork").hex();
        Map<String, Object> wrongSigner = post(advertiser, "/dashboard/advertiser/drafts/request", Map.of("original", originalId, "ad", adId,
                "cuesMicros", List.of(8_000_000), "amountSusd", "250", "replicas", 5, "termSeconds", 86400, "offerFirst", true,
                "signature", strangerSignature));
        assertThat(wrongSigner).containsEntry("status", 422L);
        assertThat((String) wrongSigner.get("body")).contains("content-rejected");
        Map<String, Object> notAdvertiser = post(creator, "/dashboard/advertiser/drafts",
                Map.of("original", originalId, "ad", adId, "cuesMicros", List.of(8_000_000)));
        assertThat(notAdvertiser).containsEntry("status", 403L);
        Map<String, Object> tooLarge = post(advertiser, "/dashboard/advertiser/uploads",
                Map.of("name", "huge.mp4", "size", 1L << 40, "original", originalId));
        assertThat(tooLarge).containsEntry("status", 413L);
        assertThat((String) tooLarge.get("body")).contains("payload-too-large");
        Map<String, Object> noOriginal = post(advertiser, "/dashboard/advertiser/uploads", Map.of("name", "ad.mp4", "size", 1000));
        assertThat(noOriginal).containsEntry("status", 400L);
        assertThat((String) noOriginal.get("body")).contains("\"field\":\"original\"");
        assertThat(given().auth().oauth2(token("advertiser")).get("/api/forks").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.original.contentId == '" + originalId + "' }")).as("no fork requested by a refusal").isEmpty();

        // the terms, the wallet signs the fork, the request shows PENDING
        shown(advertiser, "#fork-title").sendKeys("Lighthouse, sponsored by Sea Tea " + run);
        WebElement replicas = shown(advertiser, "#fork-replicas");
        replicas.clear();
        replicas.sendKeys("6");
        screenshots(advertiser, SHOTS, "5-terms", "#request");
        shown(advertiser, "#request").click();
        WebElement row = await("the request listed", () -> shown(advertiser, "tr.fork[data-state='PENDING']"));
        assertThat(row.getText()).contains("Lighthouse, sponsored by Sea Tea " + run, "0 of 6", "250.000000 sUSD");
        screenshots(advertiser, SHOTS, "6-requested", "tr.fork[data-state='PENDING']");
        String forkId = row.getAttribute("data-fork");
        io.restassured.path.json.JsonPath mine = given().auth().oauth2(token("advertiser")).get("/api/forks").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("findAll { it.forkId == '" + forkId + "' }.state", String.class)).containsExactly("PENDING");
        assertThat(mine.getList("findAll { it.forkId == '" + forkId + "' }.advertiser", String.class).getFirst()).isEqualToIgnoringCase(ADVERTISER);

        // the creator sees it on its page, to answer as any request
        creator.get(marketplace.toString().replaceAll("/$", "") + "/dashboard/creator/sponsorships");
        WebElement request = await("the creator's request", () -> shown(creator, "[data-fork='" + forkId + "'], [data-request] "));
        WebElement pending = creator.findElements(By.cssSelector("[data-request]")).stream()
                .filter(e -> e.getText().contains("Lighthouse, sponsored by Sea Tea " + run)).findFirst().orElse(null);
        assertThat(pending).as("the request on the creator's page (%s)", request.getText()).isNotNull();
        assertThat(pending.getText()).contains("Advertiser Demo", "250.000000 sUSD", "6");
        screenshots(creator, SHOTS, "7-creator-sees-request", "[data-request]");
    }

    /**
     * The demo stack's sample as the original: ffmpeg's test pattern cut to 8 s HLS segments as {@code SampleVideo} cuts it
     * (one rendition, 640x360, MPEG-TS, no master playlist), registered over the API with the creator's own origin (the
     * demo's {@code SegmentOrigin}) as its only origin. So the preview's original segments redirect to another origin,
     * as they do on {@code ./shoal up}, and hls.js must follow the redirect cross-origin into the ad.
     */
    @Test
    void theAdvertiserPreviewsAForkOfASampleServedByAnotherOrigin() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path folder = Files.createDirectories(work.resolve("sample-" + run));
        Process cut = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=16:size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=16", "-c:v", "libx264", "-preset", "veryfast", "-g", "200", "-keyint_min", "200",
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "8", "-hls_playlist_type", "vod",
                "-hls_segment_filename", folder.resolve("seg_%03d.ts").toString(), folder.resolve("video.m3u8").toString()).inheritIO().start();
        assertThat(cut.waitFor()).isZero();
        SigningKey creatorKey = SigningKey.generate();
        SignedManifest sample = ManifestBuilder.build(HlsFolder.open(folder), "Shoal sample " + run, creatorKey.address()).sign(creatorKey);
        try (SegmentOrigin origin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(HlsFolder.open(folder)), 0)) {
            given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                    .body(Map.of("manifest", sample.toJson(), "origins", List.of(origin.url())))
                    .when().post("/api/contents").then().statusCode(201);
            String originalId = sample.contentId().hex();

            ChromeDriver advertiser = browser(ADVERTISER);
            signIn(advertiser, marketplace.toString(), "/dashboard/advertiser", "advertiser", WAIT);
            await("the fork form", () -> shown(advertiser, "#original-q")).sendKeys("Shoal sample " + run);
            advertiser.findElement(By.id("original-search")).click();
            await("the sample in the results", () -> shown(advertiser, "li.original[data-content='" + originalId + "'] button.pick-original")).click();
            WebElement cue = await("the cue points", () -> shown(advertiser, "#cue"));
            assertThat(new Select(cue).getOptions()).extracting(WebElement::getText)
                    .containsExactly("0:00 (before the video)", "0:08", "0:16 (after the video)");
            new Select(cue).selectByVisibleText("0:08");

            shown(advertiser, "#video").sendKeys(ad.toString());
            advertiser.findElement(By.id("title")).sendKeys("Sea tea for the sample " + run);
            advertiser.findElement(By.id("upload")).click();
            WebElement signAd = await("the ad transcoded", () -> shown(advertiser, "#sign-button"));
            assertThat(advertiser.findElements(By.cssSelector("li.rendition[data-done=true]"))).extracting(e -> e.getAttribute("data-rendition"))
                    .as("the sample's one rendition").containsExactly(sample.manifest().renditions().getFirst().name());
            signAd.click();
            await("the preview step", () -> shown(advertiser, "#preview")).click();
            await("the preview's jump", () -> shown(advertiser, "#preview-jump")).click();
            await("the preview plays into the ad", () -> "true".equals(advertiser.findElement(By.id("preview-video")).getAttribute("data-reached-ad")) ? true : null);
            assertThat(shown(advertiser, "#ad-label")).as("the ad labelled while it plays").isNotNull();
            assertThat(shown(advertiser, "#ad-label").getText()).startsWith("Ad · 0:0");
            assertThat(advertiser.findElement(By.id("preview-ads")).getText()).isEqualTo("ad 1: 0:08 to 0:14");
            assertThat(advertiser.findElement(By.id("preview-status")).getAttribute("class")).as("no hls.js error").doesNotContain("bad");
            screenshots(advertiser, SHOTS, "8-sample-preview", ".preview");
        }
    }

    /** An ad registered over the API from an HLS folder cut otherwise (renditions hi and lo). */
    private static String registerHlsAd(String title) {
        SigningKey key = SigningKey.generate();
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(FIXTURE), title, key.address()).sign(key);
        given().auth().oauth2(token("advertiser")).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return manifest.contentId().hex();
    }

    /** A JSON POST from the page, on its session: the status and the body's text. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> post(ChromeDriver browser, String path, Map<String, Object> body) {
        return (Map<String, Object>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json', Accept: 'application/json'},"
                + " body: JSON.stringify(arguments[1])}).then(async r => done({status: r.status, body: await r.text()}))"
                + ".catch(e => done({status: -1, body: String(e)}));", path, body);
    }

    private ChromeDriver browser(String wallet) throws Exception {
        Files.createDirectories(SHOTS);
        ChromeDriver browser = Chromium.start(Files.createTempDirectory(work, "profile"));
        browsers.add(browser);
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", Chromium.testWallet(wallet, config.chain().rpcUrl())));
        return browser;
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(probe::get, Objects::nonNull);
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }
}
