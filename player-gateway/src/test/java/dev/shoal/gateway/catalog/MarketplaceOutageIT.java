package dev.shoal.gateway.catalog;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The watch path through a marketplace outage, against a real marketplace process: what the gateway has seen keeps
 * playing from its caches while the marketplace is down and the circuit breaker is open; what it has not seen fails
 * fast with 503; when the marketplace is back, the circuit closes and viewers get fresh answers again.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "gateway"))
@WithTestResource(value = MarketplaceProcess.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MarketplaceOutageIT {

    static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");
    /** The catalog call's breaker, as its metrics name it (the REST client's CDI wrapper of {@code MarketplaceCatalog.entry}). */
    static final java.util.regex.Pattern CATALOG_BREAKER = java.util.regex.Pattern.compile(
            "method=\"dev\\.shoal\\.gateway\\.catalog\\.MarketplaceCatalog[^\"]*\\.entry\"");

    @Test
    void theWatchPathAnswersFromItsCachesWhileTheMarketplaceIsDownAndRecovers() {
        String seen = publish("seen before the outage " + UUID.randomUUID());
        String unseen = publish("first asked during the outage " + UUID.randomUUID());

        // the chain view comes through its REST client too
        given().when().get("/api/tips/config").then().statusCode(200);
        JsonPath before = given().when().get("/api/watch/" + seen).then().statusCode(200).extract().jsonPath();
        String ticketBefore = before.getString("ticket.nonce");
        given().when().get("/vod/" + seen + "/master.m3u8").then().statusCode(200);

        MarketplaceProcess.down();
        try {
            // the manifest from its cache, the sources and ticket from the locator's last answer
            JsonPath during = given().when().get("/api/watch/" + seen).then().statusCode(200).extract().jsonPath();
            assertThat(during.getString("title")).isEqualTo(before.getString("title"));
            assertThat(during.getString("ticket.nonce")).isEqualTo(ticketBefore);
            assertThat(during.getList("sources.url")).isEqualTo(before.getList("sources.url"));
            given().when().get("/watch/" + seen).then().statusCode(200);
            given().when().get("/vod/" + seen + "/master.m3u8").then().statusCode(200);

            // what was never seen cannot be answered: 503 at once, and the failures open the circuit
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().when().get("/api/watch/" + unseen).then().statusCode(503)
                        .contentType("application/problem+json").body("type", equalTo("https://shoal.dev/problems/unavailable"));
                assertThat(breaker("open")).isEqualTo(1.0);
            });
            // with the circuit open, what was seen still plays
            given().when().get("/api/watch/" + seen).then().statusCode(200);
            given().when().get("/vod/" + seen + "/master.m3u8").then().statusCode(200);
        } finally {
            MarketplaceProcess.up();
        }

        // after the breaker's delay a trial call reaches the marketplace again and the circuit closes
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().when().get("/api/watch/" + unseen).then().statusCode(200));
        assertThat(breaker("closed")).isEqualTo(1.0);
        String ticketAfter = given().when().get("/api/watch/" + seen).then().statusCode(200).extract().jsonPath().getString("ticket.nonce");
        assertThat(ticketAfter).isNotEqualTo(ticketBefore);
    }

    /** A content registered with the real marketplace by the demo creator. */
    private static String publish(String title) {
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(FIXTURE), title, DemoKeys.creator().address()).sign(DemoKeys.creator());
        String creator = DemoUsers.accessToken(RealServices.endpoints().issuer(), "creator");
        given().baseUri(MarketplaceProcess.url()).auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return manifest.contentId().hex();
    }

    /** The catalog breaker's state gauge (1.0 when it is in {@code state}), from the gateway's Prometheus metrics. */
    private static double breaker(String state) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("ft_circuitbreaker_state_current{") && CATALOG_BREAKER.matcher(l).find()
                        && l.contains("state=\"" + state + "\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no breaker state " + state + " for " + CATALOG_BREAKER + " in /q/metrics: "
                        + metrics.lines().filter(l -> l.startsWith("ft_")).toList()));
    }
}
