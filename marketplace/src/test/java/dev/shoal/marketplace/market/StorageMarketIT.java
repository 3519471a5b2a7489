package dev.shoal.marketplace.market;

import dev.shoal.contracts.event.DealTransitioned;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.proof.RetentionProof;
import dev.shoal.contracts.wire.Golden;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The storage market on the real PostgreSQL, Kafka and Keycloak: contents, orders, placement onto
 * distinct agents, deals moving only along legal transitions with one event each, first audits with
 * real retention proofs, and the locator.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class StorageMarketIT {

    /** Every agent this JVM registered: placement may choose any online agent, whichever test registered it. */
    private static final Map<String, SimulatedAgent> REGISTERED = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    Mutiny.SessionFactory sessions;

    private static SimulatedAgent holder(String address) {
        return java.util.Objects.requireNonNull(REGISTERED.get(address), "unknown agent " + address);
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    private static String registerContent(SampleContent content, String user) {
        return given().auth().oauth2(token(user)).contentType(ContentType.JSON)
                .body(Map.of("manifest", content.manifest().toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201)
                .body("contentId", equalTo(content.contentId())).extract().path("contentId");
    }

    private static List<SimulatedAgent> agents(int count, int base) {
        String distributor = token("distributor");
        List<SimulatedAgent> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimulatedAgent agent = new SimulatedAgent(base + i, distributor, i % 2 == 0 ? "eu" : "us");
            agent.register().then().statusCode(200);
            REGISTERED.put(agent.address(), agent);
            agents.add(agent);
        }
        return agents;
    }

    private static JsonPath order(String contentId, int replicas) {
        return given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", replicas, "epochs", 4, "maxPricePerGbMonth", "432"))
                .when().post("/api/orders").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void anOrderOfFiveReplicasBecomesFiveActiveDealsOnDistinctAgentsAfterRealProofs() {
        SampleContent content = SampleContent.load("five replicas " + UUID.randomUUID());
        String contentId = registerContent(content, "creator");
        agents(7, 100);

        JsonPath placed = order(contentId, 5);
        String orderId = placed.getString("id");
        List<String> chosen = placed.getList("deals.agent");
        assertThat(chosen).hasSize(5).doesNotHaveDuplicates();
        assertThat(placed.getList("deals.state", String.class)).containsOnly("PROPOSED");

        for (SimulatedAgent agent : REGISTERED.values()) {
            AgentWork work = agent.work();
            if (!chosen.contains(agent.address())) {
                assertThat(work.deals()).noneMatch(d -> d.contentId().equals(contentId));
                continue;
            }
            DealOffer offer = work.deals().stream().filter(d -> d.contentId().equals(contentId)).findFirst().orElseThrow();
            assertThat(offer.sources()).contains("http://127.0.0.1:19999");
            agent.report(offer.dealId(), "TRANSFERRING").then().statusCode(200).body("state", equalTo("TRANSFERRING"));
            agent.report(offer.dealId(), "ACTIVE").then().statusCode(200).body("state", equalTo("TRANSFERRING"));

            AuditChallenge first = agent.work().audits().stream().filter(a -> a.contentId().equals(contentId)).findFirst().orElseThrow();
            RetentionProof proof = agent.prove(first, content);
            agent.answer(first.auditId(), proof).then().statusCode(200).body("outcome", equalTo("PASSED"));
            // the same answer again is a replay
            agent.answer(first.auditId(), proof).then().statusCode(409)
                    .contentType("application/problem+json").body("type", equalTo("https://shoal.dev/problems/replayed"));
        }

        JsonPath view = given().auth().oauth2(token("creator")).when().get("/api/orders/" + orderId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("deals.state", String.class)).containsExactly("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE");
        assertThat(view.getLong("activeReplicas")).isEqualTo(5);
        long total = content.segments().values().stream().mapToLong(b -> b.length).sum();
        assertThat(view.getList("deals.bytesVerified", Long.class)).allMatch(b -> b == total);
        assertThat(view.getList("deals.lastAuditOutcome", String.class)).containsOnly("PASSED");

        // every transition was recorded and published through the outbox exactly once
        for (String dealId : view.getList("deals.dealId", String.class)) {
            assertThat(eventsOf(dealId)).containsExactly("DealProposed", "DealTransferStarted", "DealActivated");
        }
        // ... each in the envelope contracts pins (wire/events/deal-activated.json), keyed by its deal
        EventEnvelope activated = EventEnvelope.parse(envelopeOf(view.getString("deals[0].dealId"), "DealActivated"));
        assertThat(Golden.fieldPaths(Golden.treeOf(activated.toJson()))).isEqualTo(Golden.fieldPaths(Golden.tree(Golden.DEAL_ACTIVATED)));
        assertThat(activated.key()).isEqualTo(view.getString("deals[0].dealId"));
        assertThat(activated.<DealTransitioned>data(EventType.DEAL_ACTIVATED).to()).isEqualTo("ACTIVE");

        // the locator now lists the five holders first, then the creator's origin, with a ticket it signed
        String locatedBody = given().when().get("/api/locate/" + contentId + "?region=eu").then().statusCode(200).extract().asString();
        // (a ticket signed alone has an empty batch path: the path's elements are compared only where there are some)
        java.util.function.Predicate<String> notPathStep = p -> !p.startsWith("ticket.batch[]");
        assertThat(Golden.fieldPaths(Golden.treeOf(locatedBody)).stream().filter(notPathStep))
                .containsExactlyElementsOf(Golden.fieldPaths(Golden.tree(Golden.LOCATION_BATCHED)).stream().filter(notPathStep).toList());
        JsonPath located = JsonPath.from(locatedBody);
        List<String> kinds = located.getList("sources.kind");
        assertThat(kinds).containsExactly("agent", "agent", "agent", "agent", "agent", "origin");
        assertThat(new HashSet<>(located.getList("sources.agent").subList(0, 5))).isEqualTo(new HashSet<>(chosen));
        assertThat(located.getString("sources[0].region")).isEqualTo("eu");
        LocatorTicket ticket = located.getObject("ticket", LocatorTicket.class);
        assertThat(ticket.contentId()).isEqualTo(contentId);
        assertThat(ticket.verify().toString()).isEqualToIgnoringCase(ticket.locator());

        // anyone may read what the content is: its signed manifest (which verifies) and origins, without a token
        String entryBody = given().when().get("/api/catalog/" + contentId).then().statusCode(200).extract().asString();
        assertThat(Golden.fieldPaths(Golden.treeOf(entryBody))).isEqualTo(Golden.fieldPaths(Golden.tree(Golden.CATALOG_ENTRY)));
        JsonPath entry = JsonPath.from(entryBody);
        assertThat(dev.shoal.contracts.manifest.SignedManifest.fromJson(entry.getString("manifest")).verify().contentId().hex())
                .isEqualTo(contentId);
        assertThat(entry.getList("origins", String.class)).containsExactly("http://127.0.0.1:19999");
        given().when().get("/api/catalog/" + "0".repeat(64)).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/catalog/not-hex").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void proofsForAnotherNonceOrFromAnotherReplicaFailTheFirstAudit() {
        SampleContent content = SampleContent.load("bad proofs " + UUID.randomUUID());
        String contentId = registerContent(content, "creator");
        agents(5, 200);
        JsonPath placed = order(contentId, 5);
        List<String> chosen = placed.getList("deals.agent");

        List<AuditChallenge> challenges = new ArrayList<>();
        List<SimulatedAgent> holders = chosen.stream().map(StorageMarketIT::holder).toList();
        for (SimulatedAgent agent : holders) {
            DealOffer offer = agent.work().deals().stream().filter(d -> d.contentId().equals(contentId)).findFirst().orElseThrow();
            agent.report(offer.dealId(), "ACTIVE").then().statusCode(200);
            challenges.add(agent.work().audits().stream().filter(a -> a.contentId().equals(contentId)).findFirst().orElseThrow());
        }
        // agent 0 answers its challenge with a proof made for agent 1's challenge (another replica and nonce)
        RetentionProof othersProof = holders.get(1).prove(challenges.get(1), content);
        holders.get(0).answer(challenges.get(0).auditId(), othersProof).then().statusCode(200).body("outcome", equalTo("FAILED"));
        // agent 2 answers with its own key but for a stale nonce: agent 1's challenge re-signed by agent 2
        AuditChallenge stale = new AuditChallenge(challenges.get(2).auditId(), contentId, holders.get(2).address(),
                challenges.get(1).nonce(), challenges.get(2).samples(), challenges.get(2).deadlineMillis());
        holders.get(2).answer(challenges.get(2).auditId(), holders.get(2).prove(stale, content)).then().statusCode(200)
                .body("outcome", equalTo("FAILED"));
        // another operator answers agent 4's audit: not theirs to answer, and it changes nothing
        given().auth().oauth2(token("distributor2")).contentType(ContentType.JSON)
                .body(dev.shoal.contracts.market.AuditAnswer.of(challenges.get(4).auditId(), holders.get(3).prove(challenges.get(3), content)))
                .when().post("/api/audits/" + challenges.get(4).auditId() + "/answers").then().statusCode(404)
                .contentType("application/problem+json");

        JsonPath view = given().auth().oauth2(token("creator")).when().get("/api/orders/" + placed.getString("id"))
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> stateByAgent = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            stateByAgent.put(view.getString("deals[" + i + "].agent"), view.getString("deals[" + i + "].state"));
        }
        assertThat(stateByAgent.get(holders.get(0).address())).isEqualTo("FAILED");
        assertThat(stateByAgent.get(holders.get(2).address())).isEqualTo("FAILED");
        assertThat(stateByAgent.get(holders.get(4).address())).isEqualTo("TRANSFERRING");
    }

    @Test
    void badRequestsAreProblemsAndChangeNothing() {
        SampleContent content = SampleContent.load("bad requests " + UUID.randomUUID());
        String contentId = registerContent(content, "creator");
        for (int replicas : new int[] {4, 11}) {
            given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                    .body(Map.of("contentId", contentId, "replicas", replicas, "epochs", 4, "maxPricePerGbMonth", "432"))
                    .when().post("/api/orders").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://shoal.dev/problems/invalid-request")).body("field", equalTo("replicas"));
        }
        // another creator's content is not theirs to order, nor to see
        given().auth().oauth2(token("creator2")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", 4, "maxPricePerGbMonth", "432"))
                .when().post("/api/orders").then().statusCode(404).contentType("application/problem+json");
        String orderId = order(contentId, 5).getString("id");
        given().auth().oauth2(token("creator2")).when().get("/api/orders/" + orderId).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://shoal.dev/problems/not-found"));
        // wrong role, no token
        given().auth().oauth2(token("viewer")).when().get("/api/orders").then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/orders").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON).body(Map.of("manifest", "{}"))
                .when().post("/api/agents/registrations").then().statusCode(403);

        // a tampered manifest: title changed after signing
        String tampered = content.manifest().toJson().replace("bad requests", "evil requests");
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON).body(Map.of("manifest", tampered))
                .when().post("/api/contents").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://shoal.dev/problems/content-rejected"));

        // a registration signed by another key, and one replayed
        SimulatedAgent agent = new SimulatedAgent(300, token("distributor"), "eu");
        var registration = agent.registration();
        var forged = new dev.shoal.contracts.market.AgentRegistration(registration.version(), registration.agent(), "http://127.0.0.1:1",
                registration.capacityBytes(), registration.pricePerGbEpochWei(), registration.region(), registration.issuedAtMillis(),
                registration.signature(), registration.pricePerGbMonthUnits());
        agent.post("/api/agents/registrations", forged).then().statusCode(422)
                .body("type", equalTo("https://shoal.dev/problems/signature-invalid"));
        agent.post("/api/agents/registrations", registration).then().statusCode(200);
        REGISTERED.put(agent.address(), agent);
        agent.post("/api/agents/registrations", registration).then().statusCode(409)
                .body("type", equalTo("https://shoal.dev/problems/replayed"));
        // another operator cannot take the agent over, nor read its work
        given().auth().oauth2(token("distributor2")).when().get("/api/agents/" + agent.address() + "/work").then().statusCode(404);
    }

    @Test
    void theDatabaseRefusesIllegalDealTransitions() {
        SampleContent content = SampleContent.load("illegal " + UUID.randomUUID());
        String contentId = registerContent(content, "creator");
        agents(5, 400);
        String dealId = order(contentId, 5).getString("deals[0].dealId");
        Throwable refused = sessions.withTransaction(s -> s.createNativeQuery("update deal set state = 'EXPIRED' where id = :id")
                        .setParameter("id", UUID.fromString(dealId)).executeUpdate())
                .onItemOrFailure().transform((ok, failure) -> failure)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(refused).isNotNull();
        assertThat(rootMessage(refused)).contains("illegal deal transition PROPOSED -> EXPIRED");
    }

    @Test
    void ordersWaitForAgentsAndFillAsTheyAppear() {
        SampleContent content = SampleContent.load("waiting " + UUID.randomUUID());
        String contentId = registerContent(content, "creator");
        // a price no agent asks: nothing placed now
        JsonPath placed = given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", 4, "maxPricePerGbMonth", "0.0864"))
                .when().post("/api/orders").then().statusCode(201).extract().jsonPath();
        assertThat(placed.getList("deals")).isEmpty();
        String orderId = placed.getString("id");
        // cheap agents appear; the placement job fills the order (polled: it runs every placement interval)
        String distributor = token("distributor");
        for (int i = 0; i < 5; i++) {
            SimulatedAgent cheap = new SimulatedAgent(500 + i, distributor, "eu");
            REGISTERED.put(cheap.address(), cheap);
            cheap.post("/api/agents/registrations", dev.shoal.contracts.market.AgentRegistration.sign(cheap.key, cheap.endpoint,
                    10L << 30, java.math.BigInteger.ONE, "eu", java.time.Clock.systemUTC())).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(given().auth().oauth2(token("creator")).when().get("/api/orders/" + orderId)
                        .then().statusCode(200).extract().jsonPath().getList("deals")).hasSize(5));
    }

    private List<String> eventsOf(String dealId) {
        return sessions.withSession(s -> s.createNativeQuery(
                        "select event_type from outbox_event where aggregate_type = 'deal' and aggregate_id = :id order by created_at", String.class)
                .setParameter("id", dealId).getResultList()).await().atMost(Duration.ofSeconds(10));
    }

    private String envelopeOf(String dealId, String type) {
        return sessions.withSession(s -> s.createNativeQuery(
                        "select cast(payload as text) from outbox_event where aggregate_type = 'deal' and aggregate_id = :id and event_type = :type",
                        String.class).setParameter("id", dealId).setParameter("type", type).getSingleResult())
                .await().atMost(Duration.ofSeconds(10));
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
