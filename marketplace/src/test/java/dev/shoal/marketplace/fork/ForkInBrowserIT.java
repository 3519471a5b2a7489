package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.MarketplaceConfig;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.math.BigInteger;
import java.time.Clock;
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
import static org.hamcrest.Matchers.equalTo;

/**
 * The creator accepts a sponsorship request on their dashboard in a real browser: the page's own code has the wallet
 * sign the consent's EIP-712 typed data ({@code eth_signTypedData_v4}) and posts it; the marketplace checks it and
 * lists the fork with its original. The wallet stands in for MetaMask and forwards to the real anvil, which signs for
 * one of its dev accounts, the creator's key here. The advertiser then sees the fork consented on its page and, once two
 * viewing sessions' agent receipts of the ad are handed in, the ad's delivery by quartile. Screenshots
 * of both pages at 1280 and 390 px go to target/screenshots.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class ForkInBrowserIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** Anvil's tenth dev account: anvil signs typed data for it, as a wallet would. */
    private static final SigningKey CREATOR_KEY = SigningKey.fromHex("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");

    @TestHTTPResource("/")
    URL marketplace;

    @Inject
    MarketplaceConfig config;

    @Inject
    dev.shoal.marketplace.chain.EscrowGateway escrow;

    @Inject
    dev.shoal.marketplace.chain.ChainContracts contracts;

    private final List<AdvertiserOnChain> onChains = new ArrayList<>();

    private final List<ChromeDriver> browsers = new ArrayList<>();

    @AfterEach
    void close() {
        browsers.forEach(ChromeDriver::quit);
        onChains.forEach(AdvertiserOnChain::close);
    }

    @Test
    void theCreatorAcceptsWithTheWalletAndTheAdvertiserSeesTheForkConsented() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SigningKey advertiserKey = SigningKey.generate();
        SignedManifest original = register("creator", CREATOR_KEY, "Harbour at dawn " + run);
        SignedManifest ad = register("advertiser", advertiserKey, "Sea tea, 3 s " + run);
        Manifest fork = Fork.splice(original.manifest(), ad.manifest(),
                new ForkPlan(original.contentId(), ad.contentId(), List.of(1_000_000L)), "Harbour at dawn, sponsored by Sea Tea " + run,
                advertiserKey.address());
        String id = given().auth().oauth2(token("advertiser")).contentType(ContentType.JSON)
                .body(Map.of("original", original.contentId().hex(), "ad", ad.contentId().hex(), "cuesMicros", List.of(1_000_000L),
                        "amountSusd", "250", "replicas", 7, "termSeconds", 90 * 86400, "offerFirst", true,
                        "manifest", fork.sign(advertiserKey).toJson()))
                .when().post("/api/forks").then().statusCode(201).extract().path("id");

        ChromeDriver creator = browser();
        creator.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", Chromium.testWallet(CREATOR_KEY.address().toString().toLowerCase(), config.chain().rpcUrl())));
        signIn(creator, marketplace.toString(), "/dashboard/creator/sponsorships", "creator", WAIT);
        WebElement request = await("the request", () -> shown(creator, "[data-request='" + id + "']"));
        assertThat(request.getText()).contains("Advertiser Demo", "Harbour at dawn " + run, "250.000000 sUSD", "7");
        screenshots(creator, SHOTS, "forks-sponsorships", null);

        shown(creator, "[data-request='" + id + "'] button.accept").click();
        await("accepted", () -> shown(creator, "[data-request='" + id + "'][data-state='CONSENTED']"));
        assertThat(given().get("/api/contents/" + original.contentId().hex() + "/forks").jsonPath().getList("forkId", String.class))
                .containsExactly(fork.contentId().hex());

        // the advertiser's key: gas, sUSD, and anvil sending for it, so the page's injected wallet is the advertiser's
        SponsorshipConsent.Signed signed = SponsorshipConsent.Signed.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(given().get("/api/contents/" + fork.contentId().hex() + "/fork").asString()).get("consent").toString());
        AdvertiserOnChain onChain = new AdvertiserOnChain(config.chain().rpcUrl(), signed.consent().chainId(), advertiserKey, escrow, contracts);
        onChains.add(onChain);
        onChain.impersonated(BigInteger.TEN.pow(13));
        for (int i = 0; i < 7; i++) {   // the agreed replicas' agents, each asking its own price per GB-epoch
            given().auth().oauth2(token("distributor")).contentType(ContentType.JSON)
                    .body(AgentRegistration.sign(SigningKey.generate(), "http://127.0.0.1:" + (23700 + i), 10L << 30, BigInteger.valueOf(1_000_000 + 100_000L * i),
                            "eu", Clock.systemUTC()))
                    .when().post("/api/agents/registrations").then().statusCode(200);
        }

        ChromeDriver advertiser = browser();
        advertiser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", Chromium.testWallet(advertiserKey.address().toString().toLowerCase(), config.chain().rpcUrl())));
        signIn(advertiser, marketplace.toString(), "/dashboard/advertiser", "advertiser", WAIT);
        WebElement row = await("the fork's row", () -> shown(advertiser, "tr.fork[data-state='CONSENTED']"));
        assertThat(row.getText()).contains("Harbour at dawn, sponsored by Sea Tea " + run, "0 of 7", "250.000000 sUSD");
        assertThat(row.getAttribute("data-funding")).isEqualTo("UNFUNDED");

        // the advertiser clicks its way to a sponsorship: order the fork's storage (7 replicas), fund the order from the
        // wallet, then fund the sponsorship (approve + sponsor with the creator's consent and that order); the page
        // shows the fork FUNDED once the marketplace has read the Sponsored event
        String step = "[data-fork-step='" + fork.contentId().hex() + "']";
        // the term ends readably; the order proposed covers the consent's 90 days, at the marketplace's quote's highest ask
        assertThat(row.getText()).contains(dev.shoal.contracts.fork.ForkView.dateShown(java.time.Instant.ofEpochSecond(signed.consent().endSeconds())));
        io.restassured.path.json.JsonPath quote = given().auth().oauth2(token("advertiser")).contentType(ContentType.JSON)
                .body(Map.of("contentId", fork.contentId().hex(), "replicas", 7, "months", 3)).when().post("/api/orders/quote")
                .then().statusCode(200).extract().jsonPath();
        String highestAsk = quote.getList("perReplica.askPerGbMonth", String.class).stream().map(java.math.BigDecimal::new)
                .max(java.util.Comparator.naturalOrder()).orElseThrow().stripTrailingZeros().toPlainString();
        assertThat(shown(advertiser, step + " .order-months").getAttribute("value")).isEqualTo("3");
        assertThat(shown(advertiser, step + " .order-price").getAttribute("value")).isEqualTo(highestAsk).isNotEqualTo("86400");
        assertThat(shown(advertiser, step + " .order-quote").getAttribute("data-quote-total")).isEqualTo(quote.getString("total"));
        screenshots(advertiser, SHOTS, "forks-advertiser-order", null);
        advertiser.manage().window().setSize(new Dimension(390, 900));
        advertiser.executeScript("document.querySelector(arguments[0]).scrollIntoView()", step);
        Files.copy(advertiser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/screenshots/forks-advertiser-order-step-390.png"),
                StandardCopyOption.REPLACE_EXISTING);
        advertiser.manage().window().setSize(new Dimension(1280, 900));
        shown(advertiser, step + "[data-step='ORDER'] button.order-storage").click();
        WebElement fund = await("the order's fund button", () -> shown(advertiser, step + "[data-step='FUND'] button.fund"));
        assertThat(fund.getText()).endsWith("sUSD with your wallet");
        screenshots(advertiser, SHOTS, "forks-advertiser-fund-order", null);
        fund.click();
        WebElement sponsorButton = await("the sponsorship button", () -> shown(advertiser, step + "[data-step='SPONSOR'] button.fund-sponsorship"));
        assertThat(sponsorButton.getText()).isEqualTo("Fund sponsorship: 250.000000 sUSD");
        screenshots(advertiser, SHOTS, "forks-advertiser-sponsor", null);
        java.math.BigInteger beforeSponsoring = onChain.balance(advertiserKey.address().toString());
        sponsorButton.click();
        String funded = "tr.fork[data-fork='" + fork.contentId().hex() + "'][data-funding='FUNDED']";
        WebElement fundedRow = await("the fork funded", () -> shown(advertiser, funded));
        assertThat(beforeSponsoring.subtract(onChain.balance(advertiserKey.address().toString()))).as("the consent's amount deposited")
                .isEqualTo(signed.consent().amount());
        assertThat(fundedRow.getText()).doesNotContain("funded with another order");
        assertThat(fundedRow.getText()).contains("FUNDED: 0.000000 sUSD paid to the creator", "250.000000 sUSD");
        screenshots(advertiser, SHOTS, "forks-advertiser-funded", null);
        creator.navigate().refresh();
        WebElement answered = await("the creator's row funded", () -> shown(creator, "tr.answered[data-fork='" + fork.contentId().hex() + "'][data-funding='FUNDED']"));
        assertThat(answered.getText()).contains("FUNDED: 0.000000 sUSD paid to you");
        screenshots(creator, SHOTS, "forks-sponsorships-funded", null);

        // ten minutes into the term the creator claims with the wallet: the term's earnings reach the creator's address,
        // and the page shows them paid once the marketplace has read the Paid event
        onChain.advanceTime(600);
        String creatorAddress = CREATOR_KEY.address().toString();
        java.math.BigInteger before = onChain.balance(creatorAddress);
        String claim = "tr.answered[data-fork='" + fork.contentId().hex() + "'] button.claim";
        shown(creator, claim).click();
        await("claimed", () -> shown(creator, claim + "[data-claimed]"));
        java.math.BigInteger earned = onChain.balance(creatorAddress).subtract(before);
        assertThat(earned).as("paid to the creator by claim()").isPositive();
        String paid = "tr.answered[data-fork='" + fork.contentId().hex() + "'][data-paid='" + earned + "']";
        WebElement paidRow = await("the payment shown", () -> {
            creator.navigate().refresh();
            return shown(creator, paid);
        });
        assertThat(paidRow.getText()).contains("FUNDED: " + dev.shoal.contracts.money.Susd.format(earned) + " paid to you");
        screenshots(creator, SHOTS, "forks-sponsorships-claimed", null);

        // two viewing sessions' receipts of the ad, handed in as a player's gateway does: one saw the ad to its end
        SigningKey agent = SigningKey.generate();
        given().auth().oauth2(token("distributor")).contentType(ContentType.JSON)
                .body(AgentRegistration.sign(agent, "http://127.0.0.1:23999", 10L << 30, BigInteger.valueOf(1_000_000), "eu", Clock.systemUTC()))
                .when().post("/api/agents/registrations").then().statusCode(200);
        List<SegmentRecord> adSegments = ad.manifest().rendition("hi").segments();
        for (int[] session : new int[][]{{0, 1}, {0, 1, 2}}) {
            String name = "viewer-" + session.length + "-" + run;
            List<String> receipts = new ArrayList<>();
            for (int i : session) {
                receipts.add(ServingReceipt.issue(fork.contentId(), adSegments.get(i).sha256(), adSegments.get(i).size(), name,
                        Clock.systemUTC(), agent).header());
            }
            given().contentType(ContentType.JSON).body(Map.of("session", name, "receipts", receipts))
                    .when().post("/api/forks/" + fork.contentId().hex() + "/deliveries").then().statusCode(200).body("counted", equalTo(session.length));
        }
        advertiser.navigate().refresh();
        String delivery = "section.delivery[data-fork='" + fork.contentId().hex() + "']";
        WebElement counts = await("the delivery counts", () -> shown(advertiser, delivery + "[data-sessions='2']"));
        assertThat(counts.getText()).contains("0 of 7", "started", "completed");
        assertThat(advertiser.findElement(By.cssSelector(delivery + " tr.point[data-point='impression']")).getAttribute("data-sessions")).isEqualTo("2");
        assertThat(advertiser.findElement(By.cssSelector(delivery + " tr.point[data-point='midpoint']")).getAttribute("data-sessions")).isEqualTo("2");
        assertThat(advertiser.findElement(By.cssSelector(delivery + " tr.point[data-point='complete']")).getAttribute("data-sessions")).isEqualTo("1");
        screenshots(advertiser, SHOTS, "forks-advertiser", null);
        advertiser.manage().window().setSize(new Dimension(390, 900));
        advertiser.executeScript("document.querySelector(arguments[0]).scrollIntoView()", delivery);
        Files.copy(advertiser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/screenshots/forks-advertiser-delivery-390.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // the advertiser cancels the sponsorship from the page: the wallet sends cancel(fork), the creator keeps what the
        // term earned, the rest comes back, and the row shows CANCELLED once the marketplace has read the event
        advertiser.manage().window().setSize(new Dimension(1280, 900));
        advertiser.navigate().refresh();
        String cancelStep = "[data-cancel-step='" + fork.contentId().hex() + "']";
        WebElement cancel = await("the cancel button", () -> shown(advertiser, cancelStep + " button.cancel-sponsorship"));
        java.math.BigInteger beforeCancel = onChain.balance(advertiserKey.address().toString());
        cancel.click();
        String cancelledRow = "tr.fork[data-fork='" + fork.contentId().hex() + "'][data-funding='CANCELLED']";
        WebElement cancelled;
        try {
            cancelled = await("the fork cancelled", () -> {
                WebElement failed = shown(advertiser, cancelStep + " .step-note.error");
                if (failed != null) {
                    throw new AssertionError("the page could not cancel: " + failed.getText());
                }
                return shown(advertiser, cancelledRow);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshots(advertiser, SHOTS, "forks-advertiser-cancel-timeout", null);
            List<WebElement> notes = advertiser.findElements(By.cssSelector(cancelStep + " .step-note"));
            throw new AssertionError("not cancelled; the page says: " + (notes.isEmpty() ? "(no cancel step)" : notes.get(0).getText()), e);
        }
        java.math.BigInteger refunded = onChain.balance(advertiserKey.address().toString()).subtract(beforeCancel);
        assertThat(refunded).as("the rest of the term refunded").isPositive().isLessThan(signed.consent().amount());
        assertThat(cancelled.getText()).contains("CANCELLED", dev.shoal.contracts.money.Susd.format(refunded) + " refunded to you");
        assertThat(advertiser.findElements(By.cssSelector(cancelStep))).as("nothing left to cancel").isEmpty();
        screenshots(advertiser, SHOTS, "forks-advertiser-cancelled", null);
    }

    @Test
    void theCreatorCancelsAFundedSponsorshipFromItsPageKeepingWhatTheTermEarned() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SigningKey advertiserKey = SigningKey.generate();
        SignedManifest original = register("creator", CREATOR_KEY, "Tide pools " + run);
        SignedManifest ad = register("advertiser", advertiserKey, "Kelp crisps, 3 s " + run);
        Manifest fork = Fork.splice(original.manifest(), ad.manifest(),
                new ForkPlan(original.contentId(), ad.contentId(), List.of(1_000_000L)), "Tide pools, sponsored " + run, advertiserKey.address());
        String id = given().auth().oauth2(token("advertiser")).contentType(ContentType.JSON)
                .body(Map.of("original", original.contentId().hex(), "ad", ad.contentId().hex(), "cuesMicros", List.of(1_000_000L),
                        "amountSusd", "100", "replicas", 5, "termSeconds", 86400, "offerFirst", false,
                        "manifest", fork.sign(advertiserKey).toJson()))
                .when().post("/api/forks").then().statusCode(201).extract().path("id");
        ChromeDriver creator = browser();
        creator.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", Chromium.testWallet(CREATOR_KEY.address().toString().toLowerCase(), config.chain().rpcUrl())));
        signIn(creator, marketplace.toString(), "/dashboard/creator/sponsorships", "creator", WAIT);
        await("the request", () -> shown(creator, "[data-request='" + id + "'] button.accept")).click();
        await("accepted", () -> shown(creator, "[data-request='" + id + "'][data-state='CONSENTED']"));

        // the advertiser sponsors from its own key (its page's way is the test above)
        SponsorshipConsent.Signed signed = SponsorshipConsent.Signed.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(given().get("/api/contents/" + fork.contentId().hex() + "/fork").asString()).get("consent").toString());
        AdvertiserOnChain onChain = new AdvertiserOnChain(config.chain().rpcUrl(), signed.consent().chainId(), advertiserKey, escrow, contracts);
        onChains.add(onChain);
        onChain.sponsor(signed, onChain.fundedOrder(5));
        String row = "tr.answered[data-fork='" + fork.contentId().hex() + "']";
        WebElement cancel = await("the creator's cancel button", () -> {
            creator.navigate().refresh();
            return shown(creator, row + "[data-funding='FUNDED'] button.cancel-sponsorship");
        });
        assertThat(cancel.getAttribute("data-cancel")).isEqualTo(dev.shoal.marketplace.chain.SponsorshipCalls.cancel(fork.contentId().hex()));
        screenshots(creator, SHOTS, "forks-sponsorships-creator-cancel", null);

        // an hour into the day's term the creator cancels: it keeps what the term earned, the rest goes back
        onChain.advanceTime(3600);
        String advertiserAddress = advertiserKey.address().toString();
        BigInteger advertiserBefore = onChain.balance(advertiserAddress);
        BigInteger creatorBefore = onChain.balance(CREATOR_KEY.address().toString());
        cancel.click();
        WebElement cancelled = await("the sponsorship cancelled", () -> {
            WebElement failed = shown(creator, row + " .cancel-status.error");
            if (failed != null) {
                throw new AssertionError("the page could not cancel: " + failed.getText());
            }
            return shown(creator, row + "[data-funding='CANCELLED']");
        });
        BigInteger refund = onChain.balance(advertiserAddress).subtract(advertiserBefore);
        BigInteger earned = onChain.balance(CREATOR_KEY.address().toString()).subtract(creatorBefore);
        assertThat(earned).as("the term's first hour, paid to the creator").isPositive();
        assertThat(refund.add(earned)).as("the rest refunded to the advertiser").isEqualTo(signed.consent().amount());
        assertThat(cancelled.getText()).contains("CANCELLED", dev.shoal.contracts.money.Susd.format(refund) + " refunded to the advertiser");
        assertThat(creator.findElements(By.cssSelector(row + " button.cancel-sponsorship"))).as("nothing left to cancel").isEmpty();
        screenshots(creator, SHOTS, "forks-sponsorships-creator-cancelled", null);
    }

    private ChromeDriver browser() throws Exception {
        ChromeDriver browser = Chromium.start(Files.createTempDirectory("shoal-forks"));
        browsers.add(browser);
        return browser;
    }

    private static SignedManifest register(String user, SigningKey key, String title) {
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(FIXTURE), title, key.address()).sign(key);
        given().auth().oauth2(token(user)).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return manifest;
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(probe::get, Objects::nonNull);
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }
}
