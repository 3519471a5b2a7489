package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.money.Susd;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.deal.Deal;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The storage market pays through the escrow on the real anvil: an order of 5 replicas is funded from the
 * demo creator key once placed, runs 4 epochs with one replica failing three of them and another lost
 * after two epochs and repaired onto a new agent, and the settlement job posts what the audits say: the
 * failing agent earns only its passed epoch, the others every epoch they held and passed, the repair
 * agent its own passed epoch from the same escrow, the creator exactly the rest.
 *
 * <p>The epoch audits are written straight into the audit table (decided, with issue times inside each
 * epoch) rather than issued by the epoch auditor and answered by agents: the test profile turns epoch
 * audits off, and the settlement job only reads outcomes and issue times. The job itself is run by hand
 * ({@code %test.shoal.settlement.every=off}) with a clock set past the fourth epoch, so four 30-second
 * epochs take no wall time.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class MarketSettlementIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int EPOCHS = 4;
    private static final int FAILING_SLOT = 2;
    private static final int REPAIRED_SLOT = 4;

    @Inject
    SettlementJob job;

    @Inject
    EpochSettlement settlement;

    @Inject
    EscrowRecords ledger;

    @Inject
    EscrowGateway gateway;

    @Inject
    MarketplaceConfig config;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Pool pool;

    /** What this test's agents ask per GB-epoch: below the order's maximum (1,000,000). */
    private static final BigInteger AGENT_PRICE = BigInteger.valueOf(1000);

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @Test
    void anOrderOfFiveReplicasIsFundedOnceAndPaysOnlyForPassedEpochs() {
        // the content model's HLS fixture, signed by the demo creator
        SigningKey creatorKey = DemoKeys.creator();
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(Path.of(System.getProperty("shoal-root", ".."))
                .resolve("contracts/src/test/resources/hls/ts")), "settled " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        String contentId = manifest.contentId().hex();
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        String distributor = token("distributor");
        for (int i = 0; i < 5; i++) {
            register(distributor, i);
        }
        // 1 sUSD (10^6 units) per GB-epoch
        UUID order = UUID.fromString(given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", EPOCHS, "maxPricePerGbMonth", "86400"))
                .when().post("/api/orders").then().statusCode(201).extract().path("id"));

        // placed: the job funds it from the demo creator key (minting sUSD to it first when short)
        job.runOnce(Instant.now());
        OrderEscrow escrow = ledger.find(order).orElseThrow();
        long totalBytes = pool.preparedQuery("select total_bytes from content where content_id = $1").execute(Tuple.of(contentId))
                .await().atMost(WAIT).iterator().next().getLong(0);
        BigInteger price = Susd.perReplicaEpoch(BigInteger.valueOf(1_000_000), totalBytes);
        assertThat(escrow.status).isEqualTo(OrderEscrow.Status.FUNDED);
        assertThat(escrow.maxPricePerReplicaEpoch).isEqualTo(price).isEqualTo(BigInteger.valueOf((totalBytes + 999) / 1000));
        EscrowGateway.OrderOnChain onChain = gateway.order(order).await().atMost(WAIT);
        assertThat(onChain.status()).isEqualTo(EscrowGateway.Status.ACTIVE);
        assertThat(onChain.replicas()).isEqualTo(5);
        assertThat(onChain.epochs()).isEqualTo(EPOCHS);
        assertThat(onChain.maxPricePerReplicaEpoch()).isEqualTo(price);
        // each placed agent costs its own ask; the repair deal below is written without one, so it costs the maximum
        BigInteger ask = Susd.perReplicaEpoch(AGENT_PRICE, totalBytes);
        assertThat(onChain.creator()).isEqualToIgnoringCase(EscrowGateway.addressOf(DemoKeys.CREATOR_PRIVATE_KEY));
        // funding again (a second tick, a restart) changes nothing
        job.runOnce(Instant.now());
        assertThat(ledger.find(order).orElseThrow().fundTx).isEqualTo(escrow.fundTx);

        List<EscrowSlot> slots = ledger.slots(order);
        assertThat(slots).hasSize(5).extracting((EscrowSlot s) -> s.slot).containsExactly(0, 1, 2, 3, 4);
        List<String> agents = new ArrayList<>();
        for (EscrowSlot slot : slots) {
            agents.add(sessions.withSession(s -> s.find(Deal.class, slot.dealId)).await().atMost(WAIT).agent);
        }

        // epoch audits: every replica passes every epoch but slot 2, which passes epoch 0, fails epoch 1,
        // has no audit in epoch 2 and misses epoch 3; slot 4's first agent is lost after epoch 1 (its
        // passing audit in epoch 3 is stale: the slot is no longer its) and its repair passes epoch 2 and fails 3
        long epochMillis = config.market().epoch().toMillis();
        List<Audit> audits = new ArrayList<>();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            long start = (escrow.firstEpoch + epoch) * epochMillis;
            for (EscrowSlot slot : slots) {
                Audit.Outcome outcome = Audit.Outcome.PASSED;
                if (slot.slot == FAILING_SLOT) {
                    if (epoch == 2) {
                        continue;
                    }
                    outcome = epoch == 0 ? Audit.Outcome.PASSED : epoch == 1 ? Audit.Outcome.FAILED : Audit.Outcome.MISSED;
                }
                if (slot.slot == REPAIRED_SLOT && epoch == 2) {
                    continue;
                }
                audits.add(audit(slot.dealId, start + 1000 + slot.slot, outcome));
            }
        }
        sessions.withTransaction(s -> s.persistAll(audits.toArray())).await().atMost(WAIT);

        List<BigInteger> before = new ArrayList<>();
        for (String agent : agents) {
            before.add(gateway.escrowBalance(agent).await().atMost(WAIT));
        }
        String creator = onChain.creator();
        BigInteger creatorBefore = gateway.escrowBalance(creator).await().atMost(WAIT);

        // the clock past epoch 1 and its audit deadline: one round settles epochs 0 and 1
        long deadline = config.market().auditDeadline().toMillis();
        Instant afterEpoch1 = Instant.ofEpochMilli((escrow.firstEpoch + 2) * epochMillis + deadline + 1000);
        long firstRound = settlement.lastDecidedEpoch(afterEpoch1);
        job.runOnce(afterEpoch1);
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(2);
        assertThat(batchStatuses(firstRound)).containsOnly("CONFIRMED");

        // slot 4's agent is lost and a repair deal is proposed on a new agent (written directly, as the
        // repair service would through DealService): the job hands the slot over from epoch 2
        String newAgent = register(distributor, 5).address().toString().toLowerCase();
        UUID lost = slots.get(REPAIRED_SLOT).dealId;
        UUID repair = UUID.randomUUID();
        sessions.withTransaction(s -> s.createNativeQuery("update deal set state = 'FAILED', updated_at = now() where id = :id")
                .setParameter("id", lost).executeUpdate()
                .chain(() -> s.createNativeQuery("""
                                insert into deal (id, order_id, agent, state, replaces, created_at, updated_at)
                                values (:id, :order, :agent, 'PROPOSED', :lost, now(), now())""")
                        .setParameter("id", repair).setParameter("order", order).setParameter("agent", newAgent)
                        .setParameter("lost", lost).executeUpdate())).await().atMost(WAIT);
        List<Audit> repairAudits = List.of(
                audit(repair, (escrow.firstEpoch + 2) * epochMillis + 2000, Audit.Outcome.PASSED),
                audit(repair, (escrow.firstEpoch + 3) * epochMillis + 2000, Audit.Outcome.FAILED));
        sessions.withTransaction(s -> s.persistAll(repairAudits.toArray())).await().atMost(WAIT);
        BigInteger newAgentBefore = gateway.escrowBalance(newAgent).await().atMost(WAIT);

        // the clock past the fourth epoch: the next round settles epochs 2 and 3
        Instant after = Instant.ofEpochMilli((escrow.firstEpoch + EPOCHS) * epochMillis + deadline + 1000);
        long round = settlement.lastDecidedEpoch(after);
        job.runOnce(after);
        assertThat(ledger.slots(order)).extracting(s -> s.orderId, s -> s.slot, s -> s.dealId, s -> s.fromEpoch)
                .contains(tuple(order, REPAIRED_SLOT, repair, 2));
        onChain = gateway.order(order).await().atMost(WAIT);
        assertThat(onChain.settledEpochs()).isEqualTo(EPOCHS);
        assertThat(onChain.failedUnits()).isEqualTo(4);
        assertThat(ledger.find(order).orElseThrow().settledEpochs).isEqualTo(EPOCHS);
        assertThat(batchStatuses(round)).containsOnly("CONFIRMED");
        // each agent's operator sees what the escrow owes it before anyone claims: the passed epochs of its own
        // tenure, on the one deal it holds (the class's database has no other orders)
        String failing = agents.get(FAILING_SLOT);
        String mine = "deals[0].";
        earnings(distributor, failing)
                .body("agent", equalTo(failing)).body("token", equalTo("sUSD")).body("decimals", equalTo(6))
                .body("withdrawable", equalTo(before.get(FAILING_SLOT).toString()))
                .body("deals", hasSize(1)).body(mine + "orderId", equalTo(order.toString()))
                .body(mine + "contentId", equalTo(contentId))
                .body(mine + "escrow", equalTo("FUNDED")).body(mine + "slot", equalTo(FAILING_SLOT))
                .body(mine + "fromEpoch", equalTo(0)).body(mine + "toEpoch", nullValue())
                .body(mine + "settledEpochs", equalTo(EPOCHS)).body(mine + "claimedToEpoch", equalTo(0))
                .body(mine + "pricePerEpoch", equalTo(ask.toString())).body(mine + "claimable", equalTo(ask.toString()))
                .body("claimable", equalTo(ask.toString()));
        earnings(distributor, agents.get(REPAIRED_SLOT))
                .body("deals", hasSize(1)).body(mine + "orderId", equalTo(order.toString()))
                .body(mine + "claimable", equalTo(ask.multiply(BigInteger.TWO).toString()))
                .body(mine + "state", equalTo("FAILED")).body(mine + "slot", equalTo(REPAIRED_SLOT))
                .body(mine + "fromEpoch", equalTo(0)).body(mine + "toEpoch", equalTo(2))
                .body("claimable", equalTo(ask.multiply(BigInteger.TWO).toString()));
        earnings(distributor, newAgent)
                .body("deals", hasSize(1)).body(mine + "dealId", equalTo(repair.toString()))
                .body(mine + "claimable", equalTo(price.toString())).body(mine + "slot", equalTo(REPAIRED_SLOT))
                .body(mine + "fromEpoch", equalTo(2)).body(mine + "toEpoch", nullValue())
                .body("claimable", equalTo(price.toString()));
        // only the agent's own operator may look: a creator is refused, an agent nobody registered is not found
        given().auth().oauth2(token("creator")).when().get("/api/agents/" + failing + "/earnings").then().statusCode(403);
        given().auth().oauth2(distributor).when().get("/api/agents/0x" + "ab".repeat(20) + "/earnings").then().statusCode(404);

        // the next tick sends no settlement again (a second tick, a restart) and pays the order out: every tenure
        // claimed into its agent's balance (exactly its passed epochs), the creator's refund released (exactly the rest)
        int batches = batchStatuses(round).size();
        BigInteger owedToCreator = gateway.refundable(order).await().atMost(WAIT);
        // the rest: 4 failed replica-epochs at the maximum, and the maximum less the ask for the 15 the placed agents passed
        assertThat(owedToCreator).isEqualTo(price.multiply(BigInteger.valueOf(4)).add(price.subtract(ask).multiply(BigInteger.valueOf(15))));
        job.runOnce(after);
        assertThat(batchStatuses(round)).hasSize(batches);
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(EPOCHS);
        BigInteger paid = BigInteger.ZERO;
        int[] passedEpochs = {4, 4, 1, 4, 2};
        for (int slot = 0; slot < 5; slot++) {
            BigInteger earned = gateway.escrowBalance(agents.get(slot)).await().atMost(WAIT).subtract(before.get(slot));
            assertThat(earned).as("slot %d", slot).isEqualTo(ask.multiply(BigInteger.valueOf(passedEpochs[slot])));
            paid = paid.add(earned);
        }
        BigInteger repairEarned = gateway.escrowBalance(newAgent).await().atMost(WAIT).subtract(newAgentBefore);
        assertThat(repairEarned).isEqualTo(price);
        paid = paid.add(repairEarned);
        // claimed: the escrow owes nothing more, the balance holds it
        earnings(distributor, failing)
                .body(mine + "claimable", equalTo("0")).body(mine + "claimedToEpoch", equalTo(EPOCHS))
                .body("withdrawable", equalTo(before.get(FAILING_SLOT).add(ask).toString()));
        // the refund is released: the escrow owes the creator nothing more for this order, and the creator's balance
        // holds exactly it (this class's escrow has no other order)
        assertThat(gateway.refundable(order).await().atMost(WAIT)).isZero();
        BigInteger refunds = gateway.escrowBalance(creator).await().atMost(WAIT).subtract(creatorBefore);
        assertThat(refunds).isEqualTo(owedToCreator);
        assertThat(paid.add(owedToCreator)).isEqualTo(price.multiply(BigInteger.valueOf(5L * EPOCHS)));
        // and the order has ended: EXPIRED, with its live deals
        given().auth().oauth2(token("creator")).when().get("/api/orders/" + order).then().statusCode(200)
                .body("status", equalTo("EXPIRED"));
    }

    private static SigningKey register(String distributor, int n) {
        SigningKey key = SigningKey.generate();
        AgentRegistration registration = AgentRegistration.sign(key, "http://127.0.0.1:" + (21000 + n),
                10L << 30, AGENT_PRICE, n % 2 == 0 ? "eu" : "us", Clock.systemUTC());
        given().auth().oauth2(distributor).contentType(ContentType.JSON).body(registration)
                .when().post("/api/agents/registrations").then().statusCode(200);
        return key;
    }

    private static ValidatableResponse earnings(String distributor, String agent) {
        return given().auth().oauth2(distributor).when().get("/api/agents/" + agent + "/earnings").then().statusCode(200);
    }

    private List<String> batchStatuses(long round) {
        List<String> out = new ArrayList<>();
        pool.preparedQuery("select status from settlement_batch where round = $1").execute(Tuple.of(round))
                .await().atMost(WAIT).forEach(r -> out.add(r.getString("status")));
        return out;
    }

    private static Audit audit(UUID deal, long issuedAtMillis, Audit.Outcome outcome) {
        Audit audit = new Audit();
        audit.id = UUID.randomUUID();
        audit.dealId = deal;
        audit.kind = Audit.Kind.EPOCH;
        byte[] nonce = new byte[32];
        ThreadLocalRandom.current().nextBytes(nonce);
        audit.nonce = HexFormat.of().formatHex(nonce);
        audit.samples = 1;
        audit.issuedAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(issuedAtMillis), ZoneOffset.UTC);
        audit.deadlineAt = audit.issuedAt.plusSeconds(20);
        audit.answeredAt = outcome == Audit.Outcome.MISSED ? null : audit.issuedAt.plusSeconds(1);
        audit.outcome = outcome;
        audit.detail = "written by MarketSettlementIT";
        return audit;
    }
}
