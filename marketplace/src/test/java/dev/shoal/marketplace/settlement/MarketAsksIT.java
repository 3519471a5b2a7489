package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentRegistration;
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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The market charges what agents ask (issue 15), on the real anvil through the settlement job: five agents asking
 * five different prices hold the five replicas of an order whose maximum is above every ask (a sixth agent, asking
 * more than the maximum, gets none). The escrow is funded at the maximum; each slot's tenure carries its own agent's
 * ask. One replica fails an epoch. An agent claims and withdraws after the first two epochs, while the order runs.
 * At the end every agent has earned exactly its passed epochs at its own ask, the failed epoch nothing, and the
 * creator got back exactly the rest: it paid the sum of the placed agents' asks for passed epochs, below the maximum.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class MarketAsksIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int EPOCHS = 4;
    private static final int FAILING_SLOT = 1;
    private static final int FAILED_EPOCH = 1;
    private static final int WITHDRAWING_SLOT = 0;
    private static final String ETH_100 = "0x56BC75E2D63100000";
    /** The order's maximum per GB-epoch, in sUSD units (1 sUSD). */
    private static final BigInteger MAX = BigInteger.valueOf(1_000_000);
    /** The five agents' asks per GB-epoch: all different, all below the maximum. */
    private static final List<BigInteger> ASKS = List.of(BigInteger.valueOf(110_000), BigInteger.valueOf(230_000),
            BigInteger.valueOf(370_000), BigInteger.valueOf(450_000), BigInteger.valueOf(610_000));
    /** A sixth agent asks more than the maximum: it must not hold a replica. */
    private static final BigInteger TOO_DEAR = BigInteger.valueOf(2_000_000);

    @Inject
    SettlementJob job;

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

    /**
     * This class has a database of its own (RealServices), but its two tests share it: each test's agents are taken
     * offline when it ends, so the next test's placement sees only its own agents and their asks.
     */
    @org.junit.jupiter.api.BeforeEach
    @org.junit.jupiter.api.AfterEach
    void everyAgentOffline() {
        pool.query("update agent set last_heartbeat_at = now() - interval '1 day'").execute().await().atMost(WAIT);
    }

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @Test
    void eachReplicaCostsItsOwnAgentsAskForPassedEpochsAndTheRestComesBack() throws Exception {
        SigningKey creatorKey = DemoKeys.creator();
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(Path.of(System.getProperty("shoal-root", ".."))
                .resolve("contracts/src/test/resources/hls/ts")), "asks " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        String contentId = manifest.contentId().hex();
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        String distributor = token("distributor");
        Map<String, SigningKey> keys = new HashMap<>();
        for (int i = 0; i < ASKS.size(); i++) {
            SigningKey key = register(distributor, i, ASKS.get(i));
            keys.put(key.address().toString().toLowerCase(), key);
        }
        String dear = register(distributor, 9, TOO_DEAR).address().toString().toLowerCase();
        UUID order = UUID.fromString(given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", EPOCHS, "maxPricePerGbEpochWei", MAX.toString()))
                .when().post("/api/orders").then().statusCode(201).extract().path("id"));

        // placed and funded from the demo creator key: at the maximum, each slot at its own agent's ask
        job.runOnce(Instant.now());
        OrderEscrow escrow = ledger.find(order).orElseThrow();
        assertThat(escrow.status).isEqualTo(OrderEscrow.Status.FUNDED);
        long totalBytes = pool.preparedQuery("select total_bytes from content where content_id = $1").execute(Tuple.of(contentId))
                .await().atMost(WAIT).iterator().next().getLong(0);
        BigInteger max = dev.shoal.contracts.money.Susd.perReplicaEpoch(MAX, totalBytes);
        assertThat(escrow.maxPricePerReplicaEpoch).isEqualTo(max);
        List<EscrowSlot> slots = ledger.slots(order);
        assertThat(slots).hasSize(5);
        List<String> agents = new ArrayList<>();
        List<BigInteger> prices = new ArrayList<>();
        for (EscrowSlot slot : slots) {
            Deal deal = sessions.withSession(s -> s.find(Deal.class, slot.dealId)).await().atMost(WAIT);
            agents.add(deal.agent);
            BigInteger price = dev.shoal.contracts.money.Susd.perReplicaEpoch(deal.askPerGbEpoch, totalBytes);
            prices.add(price);
            assertThat(slot.pricePerReplicaEpoch).isEqualTo(price);
            EscrowGateway.TenureOnChain tenure = gateway.tenures(order, slot.slot).await().atMost(WAIT).get(0);
            assertThat(tenure.agent()).isEqualToIgnoringCase(deal.agent);
            assertThat(tenure.pricePerReplicaEpoch()).as("slot %d", slot.slot).isEqualTo(price).isLessThan(max);
        }
        assertThat(agents).doesNotContain(dear);
        assertThat(prices).as("agents asking different prices cost different prices").doesNotHaveDuplicates();
        EscrowGateway.OrderOnChain onChain = gateway.order(order).await().atMost(WAIT);
        String creator = onChain.creator();
        BigInteger funded = max.multiply(BigInteger.valueOf(5L * EPOCHS));
        List<BigInteger> before = new ArrayList<>();
        for (String agent : agents) {
            before.add(gateway.escrowBalance(agent).await().atMost(WAIT));
        }
        BigInteger creatorBefore = gateway.escrowBalance(creator).await().atMost(WAIT);

        // every replica passes every epoch but one failure
        long epochMillis = config.market().epoch().toMillis();
        List<Audit> audits = new ArrayList<>();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            long start = (escrow.firstEpoch + epoch) * epochMillis;
            for (EscrowSlot slot : slots) {
                boolean fails = slot.slot == FAILING_SLOT && epoch == FAILED_EPOCH;
                audits.add(audit(slot.dealId, start + 1000 + slot.slot, fails ? Audit.Outcome.FAILED : Audit.Outcome.PASSED));
            }
        }
        sessions.withTransaction(s -> s.persistAll(audits.toArray())).await().atMost(WAIT);

        // two epochs settled: an agent claims and withdraws while the order runs
        long deadline = config.market().auditDeadline().toMillis();
        job.runOnce(Instant.ofEpochMilli((escrow.firstEpoch + 2) * epochMillis + deadline + 1000));
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(2);
        assertThat(gateway.order(order).await().atMost(WAIT).status()).isEqualTo(EscrowGateway.Status.ACTIVE);
        String withdrawing = agents.get(WITHDRAWING_SLOT);
        BigInteger twoEpochs = prices.get(WITHDRAWING_SLOT).multiply(BigInteger.TWO);
        assertThat(gateway.tenures(order, WITHDRAWING_SLOT).await().atMost(WAIT).get(0).claimable()).isEqualTo(twoEpochs);
        gateway.claim(order, WITHDRAWING_SLOT, 0, "claim:" + order + ":mid").await().atMost(WAIT);
        assertThat(gateway.escrowBalance(withdrawing).await().atMost(WAIT)).isEqualTo(before.get(WITHDRAWING_SLOT).add(twoEpochs));
        new Request<>("anvil_setBalance", List.of(withdrawing, ETH_100), new HttpService(config.chain().rpcUrl()), Response.class).send();
        BigInteger tokensBefore = gateway.tokenBalance(withdrawing).await().atMost(WAIT);
        BigInteger balance = gateway.escrowBalance(withdrawing).await().atMost(WAIT);
        gateway.withdraw(Credentials.create(keys.get(withdrawing).privateKeyHex()), balance, "withdraw:" + order + ":mid")
                .await().atMost(WAIT);
        assertThat(gateway.tokenBalance(withdrawing).await().atMost(WAIT)).isEqualTo(tokensBefore.add(balance));
        assertThat(gateway.escrowBalance(withdrawing).await().atMost(WAIT)).isZero();
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isLessThan(EPOCHS);

        // the rest settled, then the next tick pays the order out
        Instant after = Instant.ofEpochMilli((escrow.firstEpoch + EPOCHS) * epochMillis + deadline + 1000);
        job.runOnce(after);
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(EPOCHS);
        BigInteger owedToCreator = gateway.refundable(order).await().atMost(WAIT);
        job.runOnce(after);

        BigInteger paid = BigInteger.ZERO;
        BigInteger asked = BigInteger.ZERO;
        for (int slot = 0; slot < 5; slot++) {
            int passed = slot == FAILING_SLOT ? EPOCHS - 1 : EPOCHS;
            BigInteger expected = prices.get(slot).multiply(BigInteger.valueOf(passed));
            BigInteger earned = gateway.escrowBalance(agents.get(slot)).await().atMost(WAIT).subtract(before.get(slot));
            if (slot == WITHDRAWING_SLOT) {
                earned = earned.add(twoEpochs); // withdrawn during the order
            }
            assertThat(earned).as("slot %d: its passed epochs at its own ask", slot).isEqualTo(expected);
            paid = paid.add(earned);
            asked = asked.add(expected);
        }
        // the creator paid exactly the sum of the asks for passed epochs, below the maximum, and got the rest back
        BigInteger refund = funded.subtract(asked);
        assertThat(owedToCreator).isEqualTo(refund);
        assertThat(gateway.refundable(order).await().atMost(WAIT)).isZero();
        assertThat(gateway.escrowBalance(creator).await().atMost(WAIT).subtract(creatorBefore)).isGreaterThanOrEqualTo(refund);
        assertThat(paid).isEqualTo(asked).isLessThan(max.multiply(BigInteger.valueOf(5L * EPOCHS - 1)));
        assertThat(paid.add(refund)).isEqualTo(funded);
        given().auth().oauth2(token("creator")).when().get("/api/orders/" + order).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("EXPIRED"));
    }

    @Test
    void aQuoteNamesEachReplicasAskTheGasAndS3AndAMaximumBelowEveryAskIsAProblemNamingTheLowest() {
        SigningKey creatorKey = DemoKeys.creator();
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(Path.of(System.getProperty("shoal-root", ".."))
                .resolve("contracts/src/test/resources/hls/ts")), "quoted " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        String contentId = manifest.contentId().hex();
        String creator = token("creator");
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        String distributor = token("distributor");
        for (int i = 0; i < ASKS.size(); i++) {
            register(distributor, 30 + i, ASKS.get(i));
        }
        Duration epoch = config.market().epoch();
        String maxPerGbMonth = dev.shoal.contracts.money.Susd.decimal(dev.shoal.contracts.money.Susd.perMonth(MAX, epoch)).toPlainString();

        // before there is anything to quote (a live room's archive): what the market asks now
        var asks = given().auth().oauth2(creator).when().get("/api/orders/asks?replicas=5").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(1)).body("placeable", org.hamcrest.Matchers.equalTo(5))
                .extract().jsonPath();
        assertThat(asks.getString("maxPriceToPlace")).as("the dearest of the five agents it would choose")
                .isEqualTo(perMonth(ASKS.get(ASKS.size() - 1), epoch));
        assertThat(asks.getString("lowestAsk")).isEqualTo(perMonth(ASKS.get(0), epoch));
        assertThat(asks.getString("step")).isEqualTo(perMonth(BigInteger.ONE, epoch));
        assertThat(asks.getLong("epochSeconds")).isEqualTo(epoch.toSeconds());
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 12, "maxPricePerGbMonth", asks.getString("maxPriceToPlace")))
                .when().post("/api/orders/quote").then().statusCode(200).body("perReplica", org.hamcrest.Matchers.hasSize(5));
        given().auth().oauth2(creator).when().get("/api/orders/asks?replicas=6").then().statusCode(200)
                .body("placeable", org.hamcrest.Matchers.equalTo(5)).body("maxPriceToPlace", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(creator).when().get("/api/orders/asks?replicas=4").then().statusCode(400)
                .contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("replicas"));
        given().auth().oauth2(distributor).when().get("/api/orders/asks").then().statusCode(403);

        var quote = given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 12, "maxPricePerGbMonth", maxPerGbMonth))
                .when().post("/api/orders/quote").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(1)).body("months", org.hamcrest.Matchers.equalTo(12))
                .body("perReplica", org.hamcrest.Matchers.hasSize(5))
                .extract().jsonPath();
        // every replica at its own ask, at most the maximum; the storage is their sum; gas and S3 are priced
        java.math.BigDecimal max = new java.math.BigDecimal(maxPerGbMonth);
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (int i = 0; i < 5; i++) {
            assertThat(new java.math.BigDecimal(quote.getString("perReplica[" + i + "].askPerGbMonth"))).isLessThanOrEqualTo(max);
            sum = sum.add(new java.math.BigDecimal(quote.getString("perReplica[" + i + "].total")));
        }
        assertThat(new java.math.BigDecimal(quote.getString("storage"))).isEqualByComparingTo(sum);
        assertThat(new java.math.BigDecimal(quote.getString("gas.cost"))).isPositive();
        assertThat(new java.math.BigDecimal(quote.getString("total")))
                .isEqualByComparingTo(sum.add(new java.math.BigDecimal(quote.getString("gas.cost"))));
        assertThat(quote.getString("s3.pricePerGbMonth")).isEqualTo("0.023");
        assertThat(new java.math.BigDecimal(quote.getString("s3.total"))).isPositive();

        // a maximum below every ask: 422, naming the lowest ask; a term of zero: 400
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 12, "maxPricePerGbMonth", "0.000001"))
                .when().post("/api/orders/quote").then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://shoal.dev/problems/price-below-asks"))
                .body("field", org.hamcrest.Matchers.equalTo("maxPricePerGbMonth"))
                .body("lowestAskPerGbMonth", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString("the lowest ask is"));
        // the order itself refuses it the same way, in either terms, and writes nothing
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 12, "maxPricePerGbMonth", "0.000001"))
                .when().post("/api/orders").then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://shoal.dev/problems/price-below-asks"))
                .body("field", org.hamcrest.Matchers.equalTo("maxPricePerGbMonth"))
                .body("lowestAskPerGbMonth", org.hamcrest.Matchers.equalTo(
                        dev.shoal.contracts.money.Susd.decimal(dev.shoal.contracts.money.Susd.askPerMonth(ASKS.get(0), epoch)).toPlainString()))
                .body("detail", org.hamcrest.Matchers.containsString("the lowest ask is"));
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", 4, "maxPricePerGbEpochWei", "1"))
                .when().post("/api/orders").then().statusCode(422)
                .body("field", org.hamcrest.Matchers.equalTo("maxPricePerGbEpochWei"))
                .body("lowestAskPerGbEpochWei", org.hamcrest.Matchers.equalTo(ASKS.get(0).toString()));
        assertThat(pool.preparedQuery("select count(*) from storage_order where content_id = $1").execute(Tuple.of(contentId))
                .await().atMost(WAIT).iterator().next().getLong(0)).as("no order written").isZero();
        assertThat(pool.preparedQuery("select count(*) from outbox_event where payload::text like $1").execute(Tuple.of("%" + contentId + "%"))
                .await().atMost(WAIT).iterator().next().getLong(0)).as("only the content's registration on the outbox").isEqualTo(1);
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 0))
                .when().post("/api/orders/quote").then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://shoal.dev/problems/invalid-request"))
                .body("field", org.hamcrest.Matchers.equalTo("months"));
        // another creator's content is not theirs to quote
        given().auth().oauth2(token("distributor")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "months", 12))
                .when().post("/api/orders/quote").then().statusCode(403);
    }

    private static String perMonth(BigInteger askPerGbEpoch, Duration epoch) {
        return dev.shoal.contracts.money.Susd.decimal(dev.shoal.contracts.money.Susd.askPerMonth(askPerGbEpoch, epoch)).toPlainString();
    }

    private static SigningKey register(String distributor, int n, BigInteger ask) {
        SigningKey key = SigningKey.generate();
        AgentRegistration registration = AgentRegistration.sign(key, "http://127.0.0.1:" + (22000 + n),
                10L << 30, ask, n % 2 == 0 ? "eu" : "us", Clock.systemUTC());
        given().auth().oauth2(distributor).contentType(ContentType.JSON).body(registration)
                .when().post("/api/agents/registrations").then().statusCode(200);
        return key;
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
        audit.answeredAt = audit.issuedAt.plusSeconds(1);
        audit.outcome = outcome;
        audit.detail = "written by MarketAsksIT";
        return audit;
    }
}
