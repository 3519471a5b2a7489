package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.CreatorFundingProfile;
import dev.shoal.marketplace.settlement.EscrowRecords;
import dev.shoal.marketplace.settlement.OrderEscrow;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static dev.shoal.deploy.testing.InBrowser.shown;
import static dev.shoal.deploy.testing.InBrowser.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A creator signs in through the real Keycloak login form in a real browser and funds an order from the creator
 * page with an injected EIP-1193 wallet. The wallet is a stand-in for MetaMask that forwards JSON-RPC to the real
 * anvil, which signs for the creator's address (anvil_impersonateAccount): the page's own code asks the
 * marketplace for the quote, has the wallet send approve and fundOrder, and reports the hash; the marketplace
 * checks it on chain. Funding comes from the creator's wallet here (shoal.settlement.funding=creator).
 */
@QuarkusTest
@TestProfile(CreatorFundingProfile.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class FundingInBrowserIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @TestHTTPResource("/")
    URL marketplace;

    @Inject
    EscrowRecords ledger;

    @Inject
    EscrowGateway gateway;

    @Inject
    MarketplaceConfig config;

    private SigningKey creatorKey;
    private String creator;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void aCreatorWhoseWalletHoldsTokens() throws Exception {
        SigningKey key = SigningKey.generate();
        creator = key.address().toString().toLowerCase();
        HttpService rpc = new HttpService(config.chain().rpcUrl());
        new Request<>("anvil_setBalance", List.of(creator, "0x56BC75E2D63100000"), rpc, Response.class).send();
        new Request<>("anvil_impersonateAccount", List.of(creator), rpc, Response.class).send();
        gateway.mintTestTokens(creator, BigInteger.valueOf(1_000_000_000_000L), "mint:" + creator).await().atMost(WAIT);
        profile = Files.createTempDirectory("shoal-creator");
        browser = Chromium.start(profile);
        creatorKey = key;
    }

    @AfterEach
    void close() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        new Request<>("anvil_stopImpersonatingAccount", List.of(creator), new HttpService(config.chain().rpcUrl()), Response.class).send();
    }

    @Test
    void aCreatorFundsAnOrderFromTheCreatorPageWithTheBrowsersWallet() {
        UUID order = placeOrder();
        BigInteger total = new BigInteger(given().auth().oauth2(token("creator")).when().get("/api/orders/" + order + "/funding")
                .then().statusCode(200).extract().<String>path("quote.total"));
        BigInteger tokensBefore = gateway.tokenBalance(creator).await().atMost(WAIT);

        // the wallet extension's part: window.ethereum before any page script runs
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", Chromium.testWallet(creator, config.chain().rpcUrl())));
        signIn(browser, marketplace.toString(), "/dashboard/creator", "creator", WAIT);
        await("the fund button", () -> shown(browser, "[data-funding-order='" + order + "'] button.fund")).click();
        await("the order funded", () -> shown(browser, "[data-funding-order='" + order + "'] .funding-status[data-status='FUNDED']"));

        // the marketplace saw it on chain: funded by the creator's address, the escrow holds the total
        OrderEscrow escrow = ledger.find(order).orElseThrow();
        assertThat(escrow.status).isEqualTo(OrderEscrow.Status.FUNDED);
        EscrowGateway.OrderOnChain onChain = gateway.order(order).await().atMost(WAIT);
        assertThat(onChain.status()).isEqualTo(EscrowGateway.Status.ACTIVE);
        assertThat(onChain.creator()).isEqualToIgnoringCase(creator);
        assertThat(tokensBefore.subtract(gateway.tokenBalance(creator).await().atMost(WAIT))).isEqualTo(total);
        // and the page says so after a reload too
        browser.navigate().refresh();
        assertThat(browser.findElements(By.cssSelector("[data-funding-order='" + order + "']"))).as("no funding control once funded").isEmpty();
        assertThat(shown(browser, "[data-order='" + order + "']").getText()).contains("escrowed");
    }

    @Test
    void withoutAWalletThePageSaysWhatToDoAndNothingIsSent() {
        UUID order = placeOrder();
        signIn(browser, marketplace.toString(), "/dashboard/creator", "creator", WAIT);
        await("the fund button", () -> shown(browser, "[data-funding-order='" + order + "'] button.fund")).click();
        WebElement note = await("the page's answer", () -> shown(browser, "[data-funding-order='" + order + "'] .funding-note.error"));
        assertThat(note.getText()).contains("No wallet in this browser", "shoal order fund");
        given().auth().oauth2(token("creator")).when().get("/api/orders/" + order + "/funding")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("AWAITING_FUNDS"));
    }

    /** Polls until the probe answers (not null), for at most WAIT; an element gone with a navigation is "not yet". */
    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(probe::get, Objects::nonNull);
    }

    private UUID placeOrder() {
        String distributor = token("distributor");
        for (int i = 0; i < 5; i++) {
            SigningKey agent = SigningKey.generate();
            AgentRegistration registration = AgentRegistration.sign(agent, "http://127.0.0.1:" + (23000 + i),
                    10L << 30, BigInteger.valueOf(1000), i % 2 == 0 ? "eu" : "us", Clock.systemUTC());
            given().auth().oauth2(distributor).contentType(ContentType.JSON).body(registration)
                    .when().post("/api/agents/registrations").then().statusCode(200);
        }
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(Path.of(System.getProperty("shoal-root", ".."))
                .resolve("contracts/src/test/resources/hls/ts")), "funded in a browser " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return UUID.fromString(given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", manifest.contentId().hex(), "replicas", 5, "epochs", 3, "maxPricePerGbMonth", "86400"))
                .when().post("/api/orders").then().statusCode(201).extract().path("id"));
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }
}
