package dev.shoal.marketplace.e2e;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.marketplace.market.SampleContent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * End to end with seven real distributor agents (their packaged jar, as the demo runs them) on the
 * real PostgreSQL, Kafka and Keycloak: a creator orders five replicas of a real HLS content; the agents
 * register, take the deals, fetch the content from its origin, prove it by the first audit, and each
 * ACTIVE agent then serves every segment byte-exact.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class RealAgentsIT {

    private static Stack agents;
    private static SegmentOrigin origin;
    private static SampleContent content;
    private static Path state;

    @BeforeAll
    static void startAgentsAndOrigin() throws Exception {
        content = SampleContent.load("real agents " + UUID.randomUUID());
        Map<String, byte[]> byHex = new java.util.HashMap<>();
        content.segments().forEach((sha, bytes) -> byHex.put(sha.hex(), bytes));
        origin = SegmentOrigin.serve(byHex, 0);
    }

    /** The agents need the marketplace's URL, whose port RestAssured knows only once the test app runs. */
    private static void startAgents() throws Exception {
        state = Files.createTempDirectory("shoal-real-agents");
        String marketplace = "http://127.0.0.1:" + RestAssured.port;
        agents = Stacks.agents(Stacks.context(ShoalHome.locate(), state, null, m -> System.out.println("[real-agents] " + m)),
                RealServices.endpoints(), marketplace, 7, "e2e-agent-");
        agents.start();
    }

    @AfterAll
    static void stop() {
        if (agents != null) {
            agents.stop();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void fiveReplicasOnFiveDistinctRealAgentsEachHoldingByteExactVerifiedCopies() throws Exception {
        startAgents();
        String creator = DemoUsers.accessToken(RealServices.endpoints().issuer(), "creator");
        String originUrl = origin.url();
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("manifest", content.manifest().toJson(), "origins", List.of(originUrl)))
                .when().post("/api/contents").then().statusCode(201);

        // the agents register on their own; the order fills as they appear
        JsonPath placed = given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", content.contentId(), "replicas", 5, "epochs", 10, "maxPricePerGbMonth", "86400000000000000"))
                .when().post("/api/orders").then().statusCode(201).extract().jsonPath();
        String orderId = placed.getString("id");

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().auth().oauth2(creator).when().get("/api/orders/" + orderId).then().statusCode(200)
                        .body("activeReplicas", equalTo(5)));
        JsonPath view = given().auth().oauth2(creator).when().get("/api/orders/" + orderId).then().statusCode(200).extract().jsonPath();
        List<String> endpoints = view.getList("deals.findAll { it.state == 'ACTIVE' }.endpoint");
        Set<String> distinct = new HashSet<>(view.getList("deals.findAll { it.state == 'ACTIVE' }.agent"));
        assertThat(distinct).hasSize(5);
        assertThat(endpoints).allMatch(e -> !e.equals(originUrl));

        HttpClient http = HttpClient.newHttpClient();
        for (String endpoint : endpoints) {
            for (Map.Entry<Sha256, byte[]> segment : content.segments().entrySet()) {
                HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/segments/" + segment.getKey().hex())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(served.statusCode()).as(endpoint).isEqualTo(200);
                assertThat(served.body()).as("segment %s from %s", segment.getKey(), endpoint).isEqualTo(segment.getValue());
            }
        }
    }
}
