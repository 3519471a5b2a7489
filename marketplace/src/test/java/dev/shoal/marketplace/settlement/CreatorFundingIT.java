package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.deploy.cli.ShoalCli;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.chain.EpochResults;
import dev.shoal.marketplace.chain.EscrowGateway;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasSize;

/**
 * Orders funded from the creator's own wallet (shoal.settlement.funding=creator), on the real anvil: the CLI's
 * {@code shoal order fund} signs what the marketplace quotes and reports it; forged reports are refused and change
 * nothing; an order runs to expiry and is paid out by the job (claims, refund, deals EXPIRED); a cancelled order
 * refunds exactly what was not earned; a settlement batch that reverts is re-planned from the chain's cursors and
 * pays nothing twice. Epoch audits are written into the audit table and the job is run by hand with a clock set
 * past the epochs, as in {@link MarketSettlementIT}.
 */
@QuarkusTest
@TestProfile(CreatorFundingProfile.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class CreatorFundingIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String ETH_100 = "0x56BC75E2D63100000";

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

    private SigningKey creatorKey;
    private Credentials creator;
    private Path keyFile;
    /** The creator's key file lives here, and goes with it (a private key left in /tmp is a leak, even a test's). */
    @TempDir
    Path keys;
    private Web3j web3j;

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @BeforeEach
    void aCreatorWithItsOwnWallet() throws Exception {
        creatorKey = SigningKey.generate();
        creator = Credentials.create(creatorKey.privateKeyHex());
        keyFile = keys.resolve("creator.key");
        Files.writeString(keyFile, creatorKey.privateKeyHex());
        web3j = Web3j.build(new HttpService(config.chain().rpcUrl()));
        new Request<>("anvil_setBalance", List.of(creator.getAddress(), ETH_100), new HttpService(config.chain().rpcUrl()), Response.class).send();
        gateway.mintTestTokens(creator.getAddress(), BigInteger.valueOf(1_000_000_000_000L), "mint:" + creator.getAddress()).await().atMost(WAIT);
        String distributor = token("distributor");
        for (int i = 0; i < 5; i++) {
            register(distributor, i);
        }
    }

    @Test
    void anOrderFundedFromTheCreatorsWalletRunsToItsEndAndIsPaidOut() throws Exception {
        int epochs = 3;
        UUID order = placeOrder(epochs);
        funding(order).body("status", equalTo("AWAITING_FUNDS"))
                .body("quote.funder", equalToIgnoringCase(creator.getAddress()))
                .body("quote.chainId", equalTo(31337))
                .body("quote.transactions", hasSize(2))
                .body("quote.transactions[0].purpose", equalTo("approve"))
                .body("quote.transactions[1].purpose", equalTo("fundOrder"))
                .body("quote.transactions[1].to", equalTo(gateway.addresses().await().atMost(WAIT).escrow()));
        BigInteger tokensBefore = gateway.tokenBalance(creator.getAddress()).await().atMost(WAIT);

        // the CLI: fetch the quote, sign approve and fundOrder with the key file, send, report
        assertThat(fundWithCli(order)).isZero();
        OrderEscrow escrow = ledger.find(order).orElseThrow();
        BigInteger price = escrow.maxPricePerReplicaEpoch;
        BigInteger total = price.multiply(BigInteger.valueOf(5L * epochs));
        assertThat(escrow.status).isEqualTo(OrderEscrow.Status.FUNDED);
        assertThat(escrow.creator).isEqualToIgnoringCase(creator.getAddress());
        funding(order).body("status", equalTo("FUNDED")).body("fundTx", equalTo(escrow.fundTx));
        EscrowGateway.OrderOnChain onChain = gateway.order(order).await().atMost(WAIT);
        assertThat(onChain.status()).isEqualTo(EscrowGateway.Status.ACTIVE);
        assertThat(onChain.creator()).isEqualToIgnoringCase(creator.getAddress());
        assertThat(gateway.tokenBalance(creator.getAddress()).await().atMost(WAIT)).isEqualTo(tokensBefore.subtract(total));
        assertThat(scalar("select funded_by from order_escrow where order_id = $1", order)).isEqualTo("creator");
        // running it again reports the same transaction: still funded once
        assertThat(fundWithCli(order)).isZero();
        assertThat(ledger.find(order).orElseThrow().fundTx).isEqualTo(escrow.fundTx);

        // the replicas are served: every slot passes every epoch but slot 1, which fails epoch 1
        activate(order);
        List<EscrowSlot> slots = ledger.slots(order);
        List<String> agents = agentsOf(slots);
        List<BigInteger> before = balances(agents);
        BigInteger creatorBefore = gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT);
        List<Audit> audits = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (EscrowSlot slot : slots) {
                audits.add(audit(slot.dealId, epochStart(escrow, epoch) + 1000 + slot.slot,
                        slot.slot == 1 && epoch == 1 ? Audit.Outcome.FAILED : Audit.Outcome.PASSED));
            }
        }
        sessions.withTransaction(s -> s.persistAll(audits.toArray())).await().atMost(WAIT);

        // past the last epoch: one tick settles every epoch, the next claims every tenure, releases the refund, ends the order
        job.runOnce(after(escrow, epochs));
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(epochs);
        assertThat(gateway.refundable(order).await().atMost(WAIT)).isEqualTo(price);
        job.runOnce(after(escrow, epochs));
        for (int slot = 0; slot < 5; slot++) {
            BigInteger earned = gateway.escrowBalance(agents.get(slot)).await().atMost(WAIT).subtract(before.get(slot));
            assertThat(earned).as("slot %d", slot).isEqualTo(price.multiply(BigInteger.valueOf(slot == 1 ? epochs - 1 : epochs)));
            assertThat(gateway.tenures(order, slot).await().atMost(WAIT).get(0).claimable()).isZero();
        }
        BigInteger refund = gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT).subtract(creatorBefore);
        assertThat(refund).isEqualTo(price);
        assertThat(gateway.refundable(order).await().atMost(WAIT)).isZero();
        given().auth().oauth2(token("creator")).when().get("/api/orders/" + order).then().statusCode(200)
                .body("status", equalTo("EXPIRED")).body("deals.state", org.hamcrest.Matchers.everyItem(equalTo("EXPIRED")));
        assertThat(scalar("select paid_out_at is not null from order_escrow where order_id = $1", order)).isEqualTo(true);
        // a further tick pays nothing again
        job.runOnce(after(escrow, epochs));
        assertThat(gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT)).isEqualTo(creatorBefore.add(refund));

        // the creator withdraws its refund with its own key: its tokens are back to the cent
        gateway.withdraw(creator, refund, "withdraw:" + order).await().atMost(WAIT);
        assertThat(gateway.tokenBalance(creator.getAddress()).await().atMost(WAIT)).isEqualTo(tokensBefore.subtract(total).add(refund));
    }

    @Test
    void forgedOrWrongFundingReportsAreRefusedAndChangeNothing() throws Exception {
        UUID order = placeOrder(2);
        UUID other = placeOrder(2);
        String creatorToken = token("creator");
        String fundPath = "/api/orders/" + order + "/funding";
        JsonQuote quote = quote(order);

        // not a transaction hash; another creator's order; a hash the chain does not know (yet)
        report(creatorToken, order, "0x1234").statusCode(400).body("type", containsString("invalid-request"));
        report(token("creator2"), order, "0x" + "ab".repeat(32)).statusCode(404).body("type", containsString("not-found"));
        given().auth().oauth2(token("creator2")).when().get(fundPath).then().statusCode(404)
                .contentType("application/problem+json");
        report(creatorToken, order, "0x" + "ab".repeat(32)).statusCode(409).body("type", containsString("funding-pending"));

        // the creator's approve: mined and succeeded, but funds nothing
        TransactionReceipt approve = send(creator, quote.approveTo, quote.approveData, true);
        report(creatorToken, order, approve.getTransactionHash()).statusCode(422)
                .contentType("application/problem+json").body("type", containsString("funding-rejected"));
        // a fundOrder that reverts on chain (sent without estimating: the allowance is too small)
        send(creator, quote.approveTo, approveCalldata(quote.approveTo, quote.escrow, BigInteger.ONE), true);
        TransactionReceipt reverted = send(creator, quote.escrow, quote.fundData, false);
        assertThat(reverted.isStatusOK()).isFalse();
        report(creatorToken, order, reverted.getTransactionHash()).statusCode(422).body("detail", containsString("reverted"));

        // another order's funding, reported for this one
        assertThat(fundWithCli(other)).isZero();
        String otherTx = ledger.find(other).orElseThrow().fundTx;
        report(creatorToken, order, otherTx).statusCode(422).body("detail", containsString("does not fund order " + order));

        // this order funded on chain with the quoted agents, but at a price of one unit more
        UUID cheap = placeOrder(2);
        JsonQuote cheapQuote = quote(cheap);
        BigInteger wrongPrice = cheapQuote.price.add(BigInteger.ONE);
        String wrongFund = cheapQuote.fundData.replace(String.format("%064x", cheapQuote.price), String.format("%064x", wrongPrice));
        assertThat(wrongFund).isNotEqualTo(cheapQuote.fundData);
        send(creator, cheapQuote.approveTo, approveCalldata(cheapQuote.approveTo, cheapQuote.escrow, wrongPrice.multiply(BigInteger.TEN)), true);
        TransactionReceipt overpaid = send(creator, cheapQuote.escrow, wrongFund, true);
        report(creatorToken, cheap, overpaid.getTransactionHash()).statusCode(422)
                .body("detail", containsString("price " + wrongPrice + " per replica-epoch instead of " + cheapQuote.price));

        // someone else's wallet funds this order on the quoted terms: not the content's creator, refused
        Credentials stranger = Credentials.create(SigningKey.generate().privateKeyHex());
        new Request<>("anvil_setBalance", List.of(stranger.getAddress(), ETH_100), new HttpService(config.chain().rpcUrl()), Response.class).send();
        gateway.mintTestTokens(stranger.getAddress(), quote.total, "mint:" + stranger.getAddress()).await().atMost(WAIT);
        send(stranger, quote.approveTo, quote.approveData, true);
        TransactionReceipt strangers = send(stranger, quote.escrow, quote.fundData, true);
        report(creatorToken, order, strangers.getTransactionHash()).statusCode(422)
                .body("detail", containsString("not by the content's creator"));

        // nothing changed: no escrow for the three orders, still awaiting funds
        for (UUID refused : List.of(order, cheap)) {
            assertThat(ledger.find(refused)).isEmpty();
            assertThat(ledger.slots(refused)).isEmpty();
            funding(refused).body("status", equalTo("AWAITING_FUNDS"));
        }
        // the right report for the other order is accepted, and accepted again (same transaction)
        report(creatorToken, other, otherTx).statusCode(200).body("status", equalTo("FUNDED")).body("fundTx", equalTo(otherTx));
        // a different transaction for a funded order: conflict
        report(creatorToken, other, strangers.getTransactionHash()).statusCode(409).body("type", containsString("conflict"));
    }

    @Test
    void cancellingAnOrderPaysTheEpochsServedAndRefundsExactlyTheRest() throws Exception {
        int epochs = 4;
        UUID order = placeOrder(epochs);
        assertThat(fundWithCli(order)).isZero();
        activate(order);
        OrderEscrow escrow = ledger.find(order).orElseThrow();
        BigInteger price = escrow.maxPricePerReplicaEpoch;
        List<EscrowSlot> slots = ledger.slots(order);
        List<String> agents = agentsOf(slots);
        List<BigInteger> before = balances(agents);
        BigInteger creatorBefore = gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT);
        // epoch 0: every slot but 3 passes
        List<Audit> audits = new ArrayList<>();
        for (EscrowSlot slot : slots) {
            audits.add(audit(slot.dealId, epochStart(escrow, 0) + 1000, slot.slot == 3 ? Audit.Outcome.FAILED : Audit.Outcome.PASSED));
        }
        sessions.withTransaction(s -> s.persistAll(audits.toArray())).await().atMost(WAIT);
        job.runOnce(after(escrow, 1));
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(1);

        // another creator's order is not found; the owner cancels; a second cancel conflicts
        given().auth().oauth2(token("creator2")).when().delete("/api/orders/" + order).then().statusCode(404)
                .contentType("application/problem+json").body("type", containsString("not-found"));
        given().auth().oauth2(token("creator")).when().delete("/api/orders/" + order).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("deals.state", org.hamcrest.Matchers.everyItem(equalTo("CANCELLED")));
        given().auth().oauth2(token("creator")).when().delete("/api/orders/" + order).then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("order-ended"));
        funding(order).body("status", equalTo("FUNDED"));

        // the job cancels the escrow through the journal; the chain keeps the epoch in progress (by its clock)
        job.runOnce(after(escrow, 1));
        EscrowGateway.OrderOnChain cancelled = gateway.order(order).await().atMost(WAIT);
        assertThat(cancelled.status()).isEqualTo(EscrowGateway.Status.CANCELLED);
        int end = cancelled.epochs();
        assertThat(end).isBetween(1, epochs);
        assertThat(scalar("select cancel_tx from order_escrow where order_id = $1", order)).isNotNull();
        assertThat(scalar("select epochs from order_escrow where order_id = $1", order)).isEqualTo(end);
        // the kept epochs settle (no audits after the cancel: failed), then everything is paid out
        job.runOnce(after(escrow, end));
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(end);
        job.runOnce(after(escrow, end));
        BigInteger paid = BigInteger.ZERO;
        for (int slot = 0; slot < 5; slot++) {
            BigInteger earned = gateway.escrowBalance(agents.get(slot)).await().atMost(WAIT).subtract(before.get(slot));
            assertThat(earned).as("slot %d", slot).isEqualTo(slot == 3 ? BigInteger.ZERO : price);
            paid = paid.add(earned);
        }
        BigInteger refund = gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT).subtract(creatorBefore);
        BigInteger total = price.multiply(BigInteger.valueOf(5L * epochs));
        assertThat(refund).isEqualTo(total.subtract(price.multiply(BigInteger.valueOf(4))));
        assertThat(paid.add(refund)).isEqualTo(total);
        given().auth().oauth2(token("creator")).when().get("/api/orders/" + order).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    @Test
    void aRevertedSettlementBatchIsReplannedFromTheChainAndPaysNothingTwice() throws Exception {
        UUID settledElsewhere = placeOrder(1);
        UUID healthy = placeOrder(1);
        assertThat(fundWithCli(settledElsewhere)).isZero();
        assertThat(fundWithCli(healthy)).isZero();
        List<Audit> audits = new ArrayList<>();
        OrderEscrow first = ledger.find(settledElsewhere).orElseThrow();
        OrderEscrow second = ledger.find(healthy).orElseThrow();
        Map<UUID, List<String>> agents = Map.of(settledElsewhere, agentsOf(ledger.slots(settledElsewhere)),
                healthy, agentsOf(ledger.slots(healthy)));
        Map<UUID, List<BigInteger>> before = Map.of(settledElsewhere, balances(agents.get(settledElsewhere)),
                healthy, balances(agents.get(healthy)));
        for (OrderEscrow escrow : List.of(first, second)) {
            for (EscrowSlot slot : ledger.slots(escrow.orderId)) {
                audits.add(audit(slot.dealId, epochStart(escrow, 0) + 1000, Audit.Outcome.PASSED));
            }
        }
        sessions.withTransaction(s -> s.persistAll(audits.toArray())).await().atMost(WAIT);

        // epoch 0 of the first order is settled by another transaction than the job's: the job's next batch,
        // holding both orders, is refused by the escrow (EpochOutOfOrder) and settles nothing
        BitSet all = new BitSet();
        all.set(0, 5);
        gateway.settle(List.of(new EpochResults(settledElsewhere, 0, 5, List.of(all))), "elsewhere:" + settledElsewhere).await().atMost(WAIT);
        Instant after = after(first.firstEpoch > second.firstEpoch ? first : second, 1);
        job.runOnce(after);
        List<Row> reverted = rows("""
                select b.status, b.idempotency_key from settlement_batch b join settlement_batch_order bo using (idempotency_key)
                where bo.order_id = $1 order by b.created_at""", settledElsewhere);
        assertThat(reverted).hasSize(1);
        assertThat(reverted.get(0).getString("status")).isEqualTo("REVERTED");
        assertThat(gateway.order(healthy).await().atMost(WAIT).settledEpochs()).isZero();
        // re-planned from the chain: the first order's cursor is the chain's (nothing left), the second goes alone
        assertThat(ledger.find(settledElsewhere).orElseThrow().settledEpochs).isEqualTo(1);
        assertThat(ledger.find(healthy).orElseThrow().settledEpochs).isZero();

        job.runOnce(after);
        List<Row> healthyBatches = rows("""
                select b.status, (select count(*) from settlement_batch_order x where x.idempotency_key = b.idempotency_key) as orders
                from settlement_batch b join settlement_batch_order bo using (idempotency_key)
                where bo.order_id = $1 order by b.created_at""", healthy);
        assertThat(healthyBatches).extracting(r -> r.getString("status")).containsExactly("REVERTED", "CONFIRMED");
        assertThat(healthyBatches.get(1).getLong("orders")).isEqualTo(1L);
        assertThat(gateway.order(healthy).await().atMost(WAIT).settledEpochs()).isEqualTo(1);
        assertThat(gateway.order(settledElsewhere).await().atMost(WAIT).settledEpochs()).isEqualTo(1);
        assertThat(scalar("select settle_reverts from order_escrow where order_id = $1", healthy)).isEqualTo(0);
        job.runOnce(after);
        // both orders ended and were paid out: every agent exactly one epoch, not two
        for (UUID order : List.of(settledElsewhere, healthy)) {
            BigInteger price = ledger.find(order).orElseThrow().maxPricePerReplicaEpoch;
            List<BigInteger> balances = balances(agents.get(order));
            for (int slot = 0; slot < 5; slot++) {
                // agents may hold slots in both orders: count this order's claim only
                BigInteger claimed = claimedBy(order, slot);
                assertThat(claimed).as("order %s slot %d", order, slot).isEqualTo(price);
                assertThat(balances.get(slot).subtract(before.get(order).get(slot))).isGreaterThanOrEqualTo(price);
            }
            assertThat(gateway.refundable(order).await().atMost(WAIT)).isZero();
        }
        assertThat(gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT)).isZero();
    }

    // ------------------------------------------------------------ helpers

    private record JsonQuote(String approveTo, String approveData, String escrow, String fundData, BigInteger price, BigInteger total) {
    }

    private JsonQuote quote(UUID order) {
        var body = funding(order).body("status", equalTo("AWAITING_FUNDS")).extract().jsonPath();
        return new JsonQuote(body.getString("quote.transactions[0].to"), body.getString("quote.transactions[0].data"),
                body.getString("quote.transactions[1].to"), body.getString("quote.transactions[1].data"),
                new BigInteger(body.getString("quote.maxPricePerReplicaEpoch")), new BigInteger(body.getString("quote.total")));
    }

    private static String approveCalldata(String token, String escrow, BigInteger amount) {
        return org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("approve",
                List.of(new org.web3j.abi.datatypes.Address(escrow), new org.web3j.abi.datatypes.generated.Uint256(amount)), List.of()));
    }

    /** Sends a transaction signed by {@code from}; without estimating (fixed gas) when asked, so a revert is mined. */
    private TransactionReceipt send(Credentials from, String to, String data, boolean estimate) throws Exception {
        RawTransactionManager signer = new RawTransactionManager(web3j, from, 31337);
        BigInteger gas = BigInteger.valueOf(600_000);
        if (estimate) {
            var estimated = web3j.ethEstimateGas(org.web3j.protocol.core.methods.request.Transaction.createFunctionCallTransaction(
                    from.getAddress(), null, null, null, to, BigInteger.ZERO, data)).send();
            assertThat(estimated.hasError()).as("estimate: %s", estimated.getError() == null ? "" : estimated.getError().getMessage()).isFalse();
        }
        EthSendTransaction sent = signer.sendTransaction(web3j.ethGasPrice().send().getGasPrice(), gas, to, data, BigInteger.ZERO);
        assertThat(sent.hasError()).as("sent: %s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        return new PollingTransactionReceiptProcessor(web3j, 100, 300).waitForTransactionReceipt(sent.getTransactionHash());
    }

    private int fundWithCli(UUID order) {
        return ShoalCli.run("order", "fund", order.toString(), "--key-file", keyFile.toString(),
                "--marketplace", "http://localhost:" + RestAssured.port, "--rpc", config.chain().rpcUrl(), "--token", token("creator"));
    }

    private ValidatableResponse funding(UUID order) {
        return given().auth().oauth2(token("creator")).when().get("/api/orders/" + order + "/funding").then().statusCode(200);
    }

    private static ValidatableResponse report(String token, UUID order, String txHash) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("txHash", txHash))
                .when().post("/api/orders/" + order + "/funding").then();
    }

    private UUID placeOrder(int epochs) {
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(Path.of(System.getProperty("shoal-root", ".."))
                .resolve("contracts/src/test/resources/hls/ts")), "own wallet " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        String contentId = manifest.contentId().hex();
        given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return UUID.fromString(given().auth().oauth2(token("creator")).contentType(ContentType.JSON)
                .body(Map.of("contentId", contentId, "replicas", 5, "epochs", epochs, "maxPricePerGbMonth", "86400"))
                .when().post("/api/orders").then().statusCode(201).body("status", equalTo("OPEN")).extract().path("id"));
    }

    /** The order's replicas are transferred and serving (as agents would report). */
    private void activate(UUID order) {
        for (String state : List.of("TRANSFERRING", "ACTIVE")) {
            pool.preparedQuery("update deal set state = $2, updated_at = now() where order_id = $1 and state in ('PROPOSED', 'TRANSFERRING')")
                    .execute(Tuple.of(order, state)).await().atMost(WAIT);
        }
    }

    private List<String> agentsOf(List<EscrowSlot> slots) {
        List<String> out = new ArrayList<>();
        for (EscrowSlot slot : slots) {
            out.add(String.valueOf(scalar("select agent from deal where id = $1", slot.dealId)));
        }
        return out;
    }

    private List<BigInteger> balances(List<String> agents) {
        List<BigInteger> out = new ArrayList<>();
        for (String agent : agents) {
            out.add(gateway.escrowBalance(agent).await().atMost(WAIT));
        }
        return out;
    }

    /** What the slot's first tenure has claimed so far, from its claim cursor and the passes (all passed here). */
    private BigInteger claimedBy(UUID order, int slot) {
        EscrowGateway.TenureOnChain tenure = gateway.tenures(order, slot).await().atMost(WAIT).get(0);
        assertThat(tenure.claimable()).isZero();
        return ledger.find(order).orElseThrow().maxPricePerReplicaEpoch.multiply(BigInteger.valueOf(tenure.claimedTo()));
    }

    private long epochStart(OrderEscrow escrow, int epoch) {
        return (escrow.firstEpoch + epoch) * config.market().epoch().toMillis();
    }

    /** The clock past the escrow epoch {@code epochs - 1} and its audit deadline. */
    private Instant after(OrderEscrow escrow, int epochs) {
        return Instant.ofEpochMilli(epochStart(escrow, epochs) + config.market().auditDeadline().toMillis() + 1000);
    }

    private Object scalar(String sql, Object arg) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getValue(0);
    }

    private List<Row> rows(String sql, Object arg) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(WAIT).forEach(out::add);
        return out;
    }

    /** An agent asking exactly the orders' maximum (1,000,000 units per GB-epoch): each slot costs the maximum here (MarketAsksIT covers asks below it). */
    private static void register(String distributor, int n) {
        SigningKey key = SigningKey.generate();
        AgentRegistration registration = AgentRegistration.sign(key, "http://127.0.0.1:" + (22000 + n),
                10L << 30, BigInteger.valueOf(1_000_000), n % 2 == 0 ? "eu" : "us", Clock.systemUTC());
        given().auth().oauth2(distributor).contentType(ContentType.JSON).body(registration)
                .when().post("/api/agents/registrations").then().statusCode(200);
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
        audit.detail = "written by CreatorFundingIT";
        return audit;
    }
}
