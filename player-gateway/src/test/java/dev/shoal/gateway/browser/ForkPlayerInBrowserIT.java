package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.money.Susd;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static dev.shoal.deploy.testing.InBrowser.screenshots;
import static dev.shoal.deploy.testing.InBrowser.shown;
import static dev.shoal.deploy.testing.InBrowser.signIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 end to end, on the real stack ({@code shoal up}: PostgreSQL, Kafka, Keycloak, anvil, marketplace, gateway and
 * five agents holding the sample) with real Chromium for every person:
 * <ol>
 * <li>an advertiser registers a 16 s ad (made by ffmpeg, cut like the sample, served from its own origin) and requests a
 *     fork of the sample with the ad at 0:24 (the API: the advertiser's page has no upload or request form; the fork's
 *     manifest is built and signed with the advertiser's key, which never reaches a server);</li>
 * <li>the creator accepts on their sponsorships page, the browser's wallet signing the consent ({@code eth_signTypedData_v4},
 *     anvil signing for the demo creator's dev account);</li>
 * <li>the advertiser, on its page with its wallet (anvil sending for its impersonated address), orders the fork's storage
 *     with the agreed replicas, funds the order, then funds the sponsorship: the page shows FUNDED;</li>
 * <li>the fork's order reaches its replicas: the agents take its deals (the sample's segments they hold, the ad's fetched
 *     from its origin) and the marketplace counts the agreed replicas ACTIVE;</li>
 * <li>a viewer on the original's page sees the fork among the versions, picks it, the ad is labelled, a seek past it lands
 *     at its start, playback goes on past it; the player hands the agents' receipts of the ad to the gateway, which
 *     forwards them to the marketplace: the advertiser's page shows the ad's delivery risen from none;</li>
 * <li>the creator claims on their page: the creator's sUSD rises by what the contract says the term has earned, and
 *     the page shows it paid.</li>
 * </ol>
 * Screenshots of every page at 1280 and 390 px go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForkPlayerInBrowserIT {

    /** The sample's 5 replicas, and the fork's (5 is the least a consent may agree). */
    private static final int AGENTS = 5;
    private static final int REPLICAS = 5;
    private static final long CUE_MICROS = 24_000_000L;
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** Anvil's account #9, the stack's marketplace key, which deployed the test token and may mint it. */
    private static final String MINTER = SigningKey.fromHex(DemoKeys.MARKETPLACE_PRIVATE_KEY).address().toString();

    @TempDir
    static Path state;
    @TempDir
    static Path work;
    private ShoalStack stack;
    private SegmentOrigin adOrigin;
    private String gateway;
    private String marketplace;
    private String anvil;
    private String originalId;
    private String forkId;
    private String requestId;
    private String advertiserAddress;
    private String token;
    private final List<ChromeDriver> browsers = new ArrayList<>();
    private ChromeDriver creator;
    private ChromeDriver advertiser;

    @BeforeAll
    void upWithTheSampleAndAForkRequested() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        originalId = stack.upWithSample(AGENTS);
        gateway = stack.url("player-gateway");
        marketplace = stack.url("marketplace");
        anvil = stack.url("anvil");
        JsonNode entry = JSON.readTree(get(marketplace + "/api/catalog/" + originalId).body());
        SignedManifest original = SignedManifest.fromJson(entry.path("manifest").asText()).verify();

        Path adFolder = ConsentedFork.ad(work.resolve("ad"));
        SigningKey advertiserKey = SigningKey.generate();
        advertiserAddress = advertiserKey.address().toString().toLowerCase();
        SignedManifest ad = ManifestBuilder.build(HlsFolder.open(adFolder), "Sea Tea, 16 s", advertiserKey.address()).sign(advertiserKey);
        adOrigin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(HlsFolder.open(adFolder)), 0);
        send("advertiser", "POST", "/api/contents", JSON.writeValueAsString(Map.of("manifest", ad.toJson(), "origins", List.of(adOrigin.url()))), 201);

        Manifest fork = Fork.splice(original.manifest(), ad.manifest(), new ForkPlan(original.contentId(), ad.contentId(), List.of(CUE_MICROS)),
                "Shoal sample, sponsored by Sea Tea", advertiserKey.address());
        forkId = fork.contentId().hex();
        requestId = JSON.readTree(send("advertiser", "POST", "/api/forks", JSON.writeValueAsString(Map.of(
                "original", originalId, "ad", ad.contentId().hex(), "cuesMicros", List.of(CUE_MICROS), "amountSusd", "250",
                "replicas", REPLICAS, "termSeconds", 90 * 86400, "offerFirst", true, "manifest", fork.sign(advertiserKey).toJson())), 201))
                .path("id").asText();

        // the advertiser's wallet: anvil sends for its address, with ETH for gas
        rpc("anvil_impersonateAccount", advertiserAddress);
        rpc("anvil_setBalance", advertiserAddress, "0x56BC75E2D63100000");
    }

    @AfterAll
    void down() throws Exception {
        browsers.forEach(ChromeDriver::quit);
        if (adOrigin != null) {
            adOrigin.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void theCreatorConsentsWithTheBrowsersWallet() throws Exception {
        creator = browser(DemoKeys.creator().address().toString().toLowerCase());
        signIn(creator, marketplace, "/dashboard/creator/sponsorships", "creator", WAIT);
        String request = "[data-request='" + requestId + "']";
        assertThat(await("the request", () -> shown(creator, request)).getText())
                .contains("Advertiser Demo", "Shoal sample, sponsored by Sea Tea", "250.000000 sUSD");
        screenshots(creator, SHOTS, "forks-e2e-sponsorships-request", null);
        shown(creator, request + " button.accept").click();
        await("consented", () -> shown(creator, request + "[data-state='CONSENTED']"));
        assertThat(JSON.readTree(get(marketplace + "/api/contents/" + originalId + "/forks").body()).findValuesAsText("forkId"))
                .containsExactly(forkId);
        assertThat(JSON.readTree(get(marketplace + "/api/contents/" + forkId + "/fork").body()).path("consent").path("typedData")
                .path("message").path("creator").asText()).isEqualToIgnoringCase(DemoKeys.creator().address().toString());
    }

    @Test
    @Order(2)
    void theAdvertiserOrdersAndFundsTheForksStorageThenTheSponsorshipOnItsPage() throws Exception {
        advertiser = browser(advertiserAddress);
        signIn(advertiser, marketplace, "/dashboard/advertiser", "advertiser", WAIT);
        String row = "tr.fork[data-fork='" + forkId + "']";
        String step = "[data-fork-step='" + forkId + "']";
        assertThat(await("the fork consented", () -> shown(advertiser, row + "[data-state='CONSENTED'][data-funding='UNFUNDED']")).getText())
                .contains("0 of " + REPLICAS, "250.000000 sUSD");
        screenshots(advertiser, SHOTS, "forks-e2e-advertiser-order", null);
        shown(advertiser, step + "[data-step='ORDER'] button.order-storage").click();

        // the agents bid for the fork's replicas; the page's order shows its funding once every replica is placed
        WebElement fund = await("the order's fund button", () -> {
            WebElement b = shown(advertiser, step + "[data-step='FUND'] button.fund");
            if (b == null) {
                advertiser.navigate().refresh();
            }
            return b;
        });
        String orderId = shown(advertiser, step + " [data-funding-order]").getAttribute("data-funding-order");
        JsonNode quote = JSON.readTree(send("advertiser", "GET", "/api/orders/" + orderId + "/funding", null, 200)).path("quote");
        assertThat(quote.path("funder").asText()).as("the advertiser's wallet funds the fork's order").isEqualToIgnoringCase(advertiserAddress);
        assertThat(quote.path("replicas").asInt()).isEqualTo(REPLICAS);
        token = quote.path("token").asText();
        BigInteger sponsorship = new BigInteger("250000000");
        mint(advertiserAddress, new BigInteger(quote.path("total").asText()).add(sponsorship));
        screenshots(advertiser, SHOTS, "forks-e2e-advertiser-fund-order", null);
        fund.click();

        WebElement sponsor = await("the sponsorship button", () -> shown(advertiser, step + "[data-step='SPONSOR'] button.fund-sponsorship"));
        assertThat(sponsor.getText()).isEqualTo("Fund sponsorship: 250.000000 sUSD");
        assertThat(balance(advertiserAddress, "latest")).as("the order funded from the advertiser's sUSD").isEqualTo(sponsorship);
        screenshots(advertiser, SHOTS, "forks-e2e-advertiser-sponsor", null);
        sponsor.click();
        WebElement funded = await("the fork funded", () -> shown(advertiser, row + "[data-funding='FUNDED']"));
        assertThat(funded.getText()).contains("FUNDED: 0.000000 sUSD paid to the creator").doesNotContain("funded with another order");
        assertThat(balance(advertiserAddress, "latest")).as("the consent's amount deposited").isZero();
        screenshots(advertiser, SHOTS, "forks-e2e-advertiser-funded", null);
    }

    @Test
    @Order(3)
    void theForksOrderReachesItsReplicas() throws Exception {
        JsonNode fork = await("the fork on its agreed replicas", () -> {
            try {
                for (JsonNode f : JSON.readTree(send("advertiser", "GET", "/api/forks", null, 200))) {
                    if (f.path("forkId").asText().equals(forkId) && f.path("activeReplicas").asLong() >= REPLICAS) {
                        return f;
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(fork.path("replicas").asInt()).isEqualTo(REPLICAS);
        assertThat(fork.path("funding").path("ownOrder").asBoolean()).as("sponsored with the fork's own order").isTrue();
        JsonNode delivery = JSON.readTree(send("advertiser", "GET", "/api/forks/" + forkId + "/delivery", null, 200));
        assertThat(delivery.path("receipts").asLong()).as("no ad delivered before anyone watched").isZero();
    }

    @Test
    @Order(4)
    void theForksPlaylistMarksTheAd() throws Exception {
        String master = get(gateway + "/vod/" + forkId + "/master.m3u8").body();
        String rendition = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
        String playlist = get(gateway + "/vod/" + forkId + "/" + rendition).body();
        assertThat(playlist).contains("#EXT-X-DATERANGE:ID=\"ad-1\",CLASS=\"dev.shoal.ad\"", "#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00");
        assertThat(playlist.split("#EXT-X-DISCONTINUITY\n", -1)).as("a discontinuity before the ad and after it").hasSize(3);
        assertThat(get(gateway + "/vod/" + originalId + "/" + rendition).body()).doesNotContain("EXT-X-DATERANGE");
    }

    @Test
    @Order(5)
    void theViewerPicksTheForkOnTheOriginalsPageAndWatchesThroughTheAd() throws Exception {
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + originalId + "?autoplay=0")) {
            assertThat(viewer.visible("[data-fork='" + forkId + "']")).isTrue();
            assertThat(viewer.text("[data-fork='" + forkId + "']")).contains("Shoal sample, sponsored by Sea Tea", "sponsored by Advertiser Demo",
                    "contains ads", REPLICAS + " replicas");
            assertThat(viewer.text("[data-version='" + originalId + "']")).contains("the original", AGENTS + " replicas");
            assertThat(viewer.visible("[data-offer-first]")).as("not offered first: %d replicas are not twice the original's %d", REPLICAS, AGENTS)
                    .isFalse();
            for (int width : new int[]{1280, 390}) {
                viewer.width(width);
                assertThat(viewer.sidewaysOverflow()).as("at %d px", width).isEqualTo("0");
                viewer.screenshot(SHOTS.resolve("forks-original-" + width + ".png"));
            }
            viewer.width(1280);

            viewer.click("[data-fork='" + forkId + "'] a");
            JsonNode s = viewer.await("the fork plays with its ad known from the playlist", Duration.ofSeconds(90),
                    st -> st.path("currentTime").asDouble() > 2 && "playlist".equals(st.path("adsFrom").asText()) || st.path("errors").size() > 0);
            assertThat(viewer.url()).endsWith("/watch/" + forkId);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(viewer.text("[data-sponsor]")).contains("Sponsored by Advertiser Demo — contains ads", "Watch the original");
            assertThat(viewer.script("return document.querySelector('[data-sponsor] a').getAttribute('href')")).isEqualTo("/watch/" + originalId);
            JsonNode ad = s.path("ads").get(0);
            assertThat(ad.path("start").asDouble()).isEqualTo(24.0);
            assertThat(ad.path("end").asDouble()).isEqualTo(40.0);
            assertThat(viewer.visible("[data-ad-span='ad-1']")).as("the ad on the track under the video").isTrue();

            viewer.script("window.shoalPlayer.video.currentTime = 50");
            s = viewer.await("the seek past the ad held at its start", Duration.ofSeconds(30), st -> st.path("seeksHeld").size() > 0);
            assertThat(s.path("seeksHeld").get(0).path("landed").asDouble()).isEqualTo(24.0);
            s = viewer.await("the ad playing", Duration.ofSeconds(60), st -> st.path("currentTime").asDouble() > 25 || st.path("errors").size() > 0);
            assertThat(s.path("currentTime").asDouble()).as("landed at the ad, not past it").isLessThan(40);
            assertThat(viewer.visible("[data-ad-label]")).isTrue();
            assertThat(viewer.text("[data-ad-label]")).matches("Ad · 0:1[0-5]");
            for (int width : new int[]{1280, 390}) {
                viewer.width(width);
                assertThat(viewer.sidewaysOverflow()).as("at %d px", width).isEqualTo("0");
                viewer.screenshot(SHOTS.resolve("forks-ad-playing-" + width + ".png"));
            }
            viewer.width(1280);

            s = viewer.await("past the ad", Duration.ofSeconds(60), st -> st.path("currentTime").asDouble() > 42 || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(s.path("ads").get(0).path("watched").asBoolean()).isTrue();
            assertThat(viewer.visible("[data-ad-label]")).as("no label after the ad").isFalse();

            viewer.script("window.shoalPlayer.video.currentTime = 10; ");
            viewer.await("back before the ad", Duration.ofSeconds(30), st -> st.path("currentTime").asDouble() < 20);
            viewer.script("window.shoalPlayer.video.currentTime = 55");
            s = viewer.await("a watched ad no longer holds a seek", Duration.ofSeconds(30), st -> st.path("currentTime").asDouble() >= 55);
            assertThat(s.path("seeksHeld")).hasSize(1);

            s = viewer.await("the ad's receipts counted by the marketplace", Duration.ofSeconds(60), st -> st.path("deliveries").path("refused").size() > 0
                    || st.path("deliveries").path("counted").asInt() >= 2 && st.path("deliveries").path("counted").asInt() == st.path("deliveries").path("sent").asInt());
            assertThat(s.path("deliveries").path("refused")).as("refusals of the delivery reports").isEmpty();
            assertThat(s.path("deliveries").path("counted").asInt()).as("a receipt per ad segment at least, each counted once")
                    .isGreaterThanOrEqualTo(2).isEqualTo(s.path("deliveries").path("sent").asInt());
            assertThat(s.path("errors")).as("player errors").isEmpty();
        }
    }

    @Test
    @Order(6)
    void theAdvertisersPageShowsTheAdDeliveredFromTheReceipts() throws Exception {
        String delivery = "section.delivery[data-fork='" + forkId + "']";
        advertiser.navigate().refresh();
        WebElement counts = await("the viewer's session counted", () -> shown(advertiser, delivery + "[data-sessions='1']"));
        assertThat(counts.getText()).contains(REPLICAS + " of " + REPLICAS, "started", "completed");
        for (String point : List.of("impression", "firstQuartile", "midpoint", "thirdQuartile", "complete")) {
            assertThat(advertiser.findElement(By.cssSelector(delivery + " tr.point[data-point='" + point + "']")).getAttribute("data-sessions"))
                    .as("sessions at %s", point).isEqualTo("1");
        }
        screenshots(advertiser, SHOTS, "forks-e2e-advertiser-delivery", null);
        advertiser.manage().window().setSize(new Dimension(390, 900));
        advertiser.executeScript("document.querySelector(arguments[0]).scrollIntoView()", delivery);
        Files.copy(advertiser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("forks-e2e-advertiser-delivery-section-390.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(7)
    void theCreatorClaimsWhatTheTermEarned() throws Exception {
        creator.navigate().refresh();
        String row = "tr.answered[data-fork='" + forkId + "']";
        WebElement claim = await("the claim button", () -> shown(creator, row + "[data-funding='FUNDED'] button.claim"));
        screenshots(creator, SHOTS, "forks-e2e-sponsorships-funded", null);
        claim.click();
        String tx = await("claimed", () -> {
            WebElement b = shown(creator, row + " button.claim[data-claimed]");
            return b == null ? null : b.getAttribute("data-claimed");
        });
        long block = Long.decode(rpc("eth_getTransactionReceipt", tx).path("blockNumber").asText());
        String creatorAddress = DemoKeys.creator().address().toString();
        BigInteger paid = balance(creatorAddress, hex(block)).subtract(balance(creatorAddress, hex(block - 1)));
        String sponsorship = claim.getAttribute("data-claim-to");
        BigInteger earned = new BigInteger(rpc("eth_call", Map.of("to", sponsorship, "data",
                FunctionEncoder.encode(new Function("earned", List.of(new Bytes32(org.web3j.utils.Numeric.hexStringToByteArray(forkId))), List.of()))),
                hex(block)).asText().substring(2), 16);
        assertThat(paid).as("the creator's sUSD rose by what the contract says the term had earned at the claim").isEqualTo(earned).isPositive();
        WebElement shownPaid = await("the payment shown", () -> {
            creator.navigate().refresh();
            return shown(creator, row + "[data-paid='" + paid + "']");
        });
        assertThat(shownPaid.getText()).contains("FUNDED: " + Susd.format(paid) + " paid to you");
        screenshots(creator, SHOTS, "forks-e2e-sponsorships-claimed", null);
    }

    /** A browser whose wallet offers {@code account} and has anvil sign and send for it. */
    private ChromeDriver browser(String account) throws Exception {
        ChromeDriver browser = Chromium.start(Files.createTempDirectory(work, "chromium"));
        browsers.add(browser);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", Chromium.testWallet(account, anvil)));
        return browser;
    }

    private static <T> T await(String what, Supplier<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(500)).until(probe::get, Objects::nonNull);
    }

    /** Test sUSD for the advertiser, minted by the token's minter (the local chain's marketplace account, unlocked on anvil). */
    private void mint(String to, BigInteger units) throws Exception {
        String data = FunctionEncoder.encode(new Function("mint", List.of(new Address(to), new Uint256(units)), List.of()));
        String tx = rpc("eth_sendTransaction", Map.of("from", MINTER, "to", token, "data", data)).asText();
        JsonNode receipt = await("the mint mined", () -> {
            try {
                JsonNode r = rpc("eth_getTransactionReceipt", tx);
                return r.isNull() ? null : r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
    }

    private BigInteger balance(String account, String block) throws Exception {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(account)), List.of()));
        return new BigInteger(rpc("eth_call", Map.of("to", token, "data", data), block).asText().substring(2), 16);
    }

    private static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    private JsonNode rpc(String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(anvil)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.has("error")).as("%s: %s", method, answer.path("error")).isFalse();
        return answer.path("result");
    }

    private String send(String user, String method, String path, String body, int expected) throws Exception {
        String accessToken = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", user);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(marketplace + path)).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json");
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.body();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
