package dev.shoal.marketplace.repair;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.market.SampleContent;
import dev.shoal.marketplace.market.SimulatedAgent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Epoch audits, strikes and repair on the real PostgreSQL, Kafka and Keycloak, with epochs of seconds:
 * two replicas' agents stop answering and a third silently loses 10% of its segments; all three are
 * declared lost after three strikes and repaired onto other agents from the survivors, and the order
 * is back to five ACTIVE replicas.
 */
@QuarkusTest
@TestProfile(RepairIT.ShortEpochs.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class RepairIT {

    public static class ShortEpochs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shoal.market.epoch-audits", "true", "shoal.market.epoch", "8s",
                    "shoal.market.audit-deadline", "5s", "shoal.market.transfer-timeout", "60s");
        }
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @Test
    void lostReplicasAreRepairedFromTheSurvivorsBackToTheOrderedCount() {
        SampleContent content = SampleContent.load("repair " + UUID.randomUUID());
        String creator = token("creator");
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("manifest", content.manifest().toJson(), "origins", List.of("http://127.0.0.1:19998")))
                .when().post("/api/contents").then().statusCode(201);

        // eight agents, the only ones in this class's database: five take the order, three stand by for repairs
        String distributor = token("distributor");
        Map<String, SimulatedAgent> agents = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            SimulatedAgent agent = new SimulatedAgent(700 + i, distributor, "eu");
            agent.register().then().statusCode(200);
            agents.put(agent.address(), agent);
        }
        JsonPath placed = given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", content.contentId(), "replicas", 5, "epochs", 100, "maxPricePerGbMonth", "1620"))
                .when().post("/api/orders").then().statusCode(201).extract().jsonPath();
        String orderId = placed.getString("id");
        List<String> first = placed.getList("deals.agent");

        Set<String> dead = new HashSet<>();
        Map<String, Map<Sha256, byte[]>> holdings = new HashMap<>();
        drive(agents, dead, holdings, content, orderId, view -> activeAgents(view).size() == 5, Duration.ofSeconds(60));

        // two holders go silent; a third keeps answering but has lost 10% of its segments
        dead.add(first.get(0));
        dead.add(first.get(1));
        String lossy = first.get(2);
        Map<Sha256, byte[]> partial = new HashMap<>(content.segments());
        List<Sha256> keys = new ArrayList<>(partial.keySet());
        for (int i = 0; i < Math.max(1, keys.size() / 10); i++) {
            partial.remove(keys.get(i));
        }
        holdings.put(lossy, partial);

        JsonPath repaired = drive(agents, dead, holdings, content, orderId,
                view -> activeAgents(view).size() == 5 && !activeAgents(view).contains(first.get(0))
                        && !activeAgents(view).contains(first.get(1)) && !activeAgents(view).contains(lossy),
                Duration.ofSeconds(180));

        Set<String> active = activeAgents(repaired);
        assertThat(active).hasSize(5).doesNotContain(first.get(0), first.get(1), lossy)
                .contains(first.get(3), first.get(4));
        assertThat(repaired.getLong("activeReplicas")).isEqualTo(5);
        List<Map<String, Object>> deals = repaired.getList("deals");
        Set<String> lostDeals = new HashSet<>();
        for (Map<String, Object> deal : deals) {
            if (Set.of(first.get(0), first.get(1), lossy).contains(deal.get("agent"))) {
                assertThat(deal.get("state")).isEqualTo("FAILED");
                lostDeals.add((String) deal.get("dealId"));
            }
        }
        // each repair deal names the lost deal it replaces
        Set<Object> replaced = new HashSet<>();
        deals.stream().filter(d -> d.get("replaces") != null).forEach(d -> replaced.add(d.get("replaces")));
        assertThat(replaced).isEqualTo(lostDeals);
    }

    private static Set<String> activeAgents(JsonPath view) {
        Set<String> out = new HashSet<>();
        List<Map<String, Object>> deals = view.getList("deals");
        deals.stream().filter(d -> "ACTIVE".equals(d.get("state"))).forEach(d -> out.add((String) d.get("agent")));
        return out;
    }

    /**
     * Plays every live agent's part (take offered deals, answer audits from what it holds) until the
     * order's view satisfies {@code done}; the marketplace's own epochs set the pace.
     */
    private JsonPath drive(Map<String, SimulatedAgent> agents, Set<String> dead, Map<String, Map<Sha256, byte[]>> holdings,
                           SampleContent content, String orderId, java.util.function.Predicate<JsonPath> done, Duration timeout) {
        String creator = token("creator");
        AtomicReference<JsonPath> last = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonPath view = given().auth().oauth2(creator).when().get("/api/orders/" + orderId).then().statusCode(200).extract().jsonPath();
                last.set(view);
                if (done.test(view)) {
                    return true;
                }
                playRound(agents, dead, holdings, content);
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("order " + orderId + " did not settle in time: "
                    + (last.get() == null ? "never read" : last.get().prettify()), e);
        }
        return last.get();
    }

    /** Every live agent takes what it is offered and answers its audits from what it holds. */
    private static void playRound(Map<String, SimulatedAgent> agents, Set<String> dead, Map<String, Map<Sha256, byte[]>> holdings,
                                  SampleContent content) {
        for (SimulatedAgent agent : agents.values()) {
            if (dead.contains(agent.address())) {
                continue;
            }
            AgentWork work = agent.work();
            for (DealOffer offer : work.deals()) {
                assertThat(offer.contentId()).isEqualTo(content.contentId());
                holdings.putIfAbsent(agent.address(), content.segments());
                agent.report(offer.dealId(), "ACTIVE").then().statusCode(200);
            }
            for (AuditChallenge challenge : work.audits()) {
                Map<Sha256, byte[]> held = holdings.getOrDefault(agent.address(), content.segments());
                try {
                    agent.answer(challenge.auditId(), agent.prove(challenge, content, held));
                } catch (RuntimeException missingChunk) {
                    agent.post("/api/audits/" + challenge.auditId() + "/answers",
                            AuditAnswer.failed(challenge.auditId(), "segment missing: " + missingChunk.getMessage()));
                }
            }
        }
    }
}
