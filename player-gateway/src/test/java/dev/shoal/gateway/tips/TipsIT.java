package dev.shoal.gateway.tips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import dev.shoal.gateway.ShoalStack;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tips on the real product, as {@code shoal up --agents 3} runs it: real receipts from the agents that hold the
 * demo's sample, the gateway's checks, the transaction sent from an anvil dev account through the gateway's dev
 * wallet (as the browser does), balances on the real tip splitter, and confirmation from the chain's events
 * through the marketplace's outbox and Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TipsIT {

    private static final int AGENTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROBLEMS = "https://shoal.dev/problems/";
    /** Anvil's public account #3: the viewer who tips (no service of the stack signs with it). */
    private static final String TIPPER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    /** Anvil's public account #9: the local marketplace's locator key (marketplace application.properties). */
    private static final SigningKey LOCATOR = SigningKey.fromHex("0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
    private static final String CREATOR = DemoKeys.creator().address().toString();
    private static final BigInteger AMOUNT = new BigInteger("1000000000000000007");

    @TempDir
    static Path state;
    private ShoalStack stack;
    private String gateway;
    /** The chain node's URL (status --json fails while a component is down, so it is read once). */
    private String anvil;
    private String contentId;
    private Web3j chain;
    private TipSplitter tips;
    private Process restartedGateway;
    /** The first tip's evidence, replayed by the refusals. */
    private ObjectNode firstTip;

    @BeforeAll
    void upWithTheSampleOnThreeAgents() throws Exception {
        stack = new ShoalStack(state);
        contentId = stack.upWithSample(AGENTS);
        gateway = stack.url("player-gateway");
        anvil = stack.url("anvil");
        chain = Web3j.build(new HttpService(anvil));
        String at = get(gateway + "/api/tips/config").path("tipSplitter").asText();
        tips = TipSplitter.load(at, chain, new ReadonlyTransactionManager(chain, at), new DefaultGasProvider());
    }

    @AfterAll
    void down() throws Exception {
        if (restartedGateway != null) {
            restartedGateway.destroy();
            if (!restartedGateway.waitFor(30, TimeUnit.SECONDS)) {
                restartedGateway.destroyForcibly();
            }
        }
        if (chain != null) {
            chain.shutdown();
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(0)
    void configNamesTheMarketplacesTipSplitterItsSharesAndTheDevWallet() throws Exception {
        JsonNode config = get(gateway + "/api/tips/config");
        JsonNode market = get(stack.url("marketplace") + "/api/chain");
        assertThat(config.path("chainId").asLong()).isEqualTo(31337);
        assertThat(config.path("tipSplitter").asText()).isEqualTo(market.path("tipSplitter").asText());
        assertThat(market.path("locator").asText()).isEqualTo(LOCATOR.address().toString());
        assertThat(config.path("shares").path("creatorBps").asInt()).isEqualTo(8000);
        assertThat(config.path("shares").path("servingBps").asInt()).isEqualTo(1500);
        assertThat(config.path("shares").path("locatorBps").asInt()).isEqualTo(500);
        assertThat(config.path("devWallet").path("enabled").asBoolean()).isTrue();
        assertThat(config.path("devWallet").path("rpc").asText()).isEqualTo("/api/dev-wallet/rpc");

        assertThat(rpc("eth_chainId").path("result").asText()).isEqualTo("0x7a69");
        List<String> accounts = new ArrayList<>();
        rpc("eth_requestAccounts").path("result").forEach(a -> accounts.add(a.asText().toLowerCase()));
        assertThat(accounts).contains(TIPPER.toLowerCase(), CREATOR.toLowerCase());
        assertThat(rpc("eth_sign", TIPPER, "0x00").path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(rpc("anvil_setBalance", TIPPER, "0x0").path("error").path("code").asInt()).isEqualTo(-32601);
        BigInteger before = chain.ethGetBalance(TIPPER, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getBalance();
        ObjectNode elsewhere = JSON.createObjectNode().put("from", TIPPER).put("to", CREATOR).put("value", "0x1");
        assertThat(rpc("eth_sendTransaction", elsewhere).path("error").path("message").asText()).contains("only to the tip splitter");
        ObjectNode stranger = JSON.createObjectNode().put("from", SigningKey.generate().address().toString())
                .put("to", config.path("tipSplitter").asText()).put("value", "0x1");
        assertThat(rpc("eth_sendTransaction", stranger).path("error").path("message").asText()).contains("not one of the chain node's unlocked");
        assertThat(chain.ethGetBalance(TIPPER, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getBalance()).isEqualTo(before);
    }

    @Test
    @Order(1)
    void aTipSplitsBetweenCreatorServingAgentAndLocatorToTheWeiAndIsConfirmedThroughKafka() throws Exception {
        JsonNode watch = get(gateway + "/api/watch/" + contentId);
        String session = watch.path("session").asText();
        List<JsonNode> agents = agentsOf(watch);
        List<String> segments = segments();
        // the first agent serves five segments, the second two: the first served most of the session
        Map<String, Long> bytesByAgent = new LinkedHashMap<>();
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            JsonNode agent = agents.get(i < 5 ? 0 : 1);
            receipts.add(fetch(agent.path("url").asText(), segments.get(i), session, bytesByAgent, agent.path("agent").asText()));
        }
        String serving = agents.get(0).path("agent").asText();
        assertThat(bytesByAgent.get(serving)).isGreaterThan(bytesByAgent.get(agents.get(1).path("agent").asText()));
        String locator = watch.path("ticket").path("locator").asText();

        ObjectNode request = tipRequest(session, receipts, watch.path("ticket"), AMOUNT.toString());
        BigInteger creatorBefore = balance(CREATOR), servingBefore = balance(serving), locatorBefore = balance(locator);
        BigInteger countBefore = tips.tipCount().send();

        HttpResponse<String> prepared = post(gateway + "/api/tips", request);
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
        JsonNode tip = JSON.readTree(prepared.body());
        String ref = tip.path("ref").asText();
        assertThat(ref).matches("0x[0-9a-f]{64}");
        assertThat(tip.path("status").asText()).isEqualTo("PREPARED");
        assertThat(tip.path("servingNode").asText()).isEqualToIgnoringCase(serving);
        assertThat(tip.path("locator").asText()).isEqualTo(LOCATOR.address().toString()).isEqualToIgnoringCase(locator);
        assertThat(tip.path("creator").asText()).isEqualTo(CREATOR);
        assertThat(tip.path("servedBytes").asLong()).isEqualTo(bytesByAgent.get(serving));
        assertThat(tip.path("sessionBytes").asLong()).isEqualTo(bytesByAgent.values().stream().mapToLong(Long::longValue).sum());
        BigInteger servingWei = AMOUNT.multiply(BigInteger.valueOf(1500)).divide(BigInteger.valueOf(10_000));
        BigInteger locatorWei = AMOUNT.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        BigInteger creatorWei = AMOUNT.subtract(servingWei).subtract(locatorWei);
        assertThat(tip.path("split").path("servingWei").asText()).isEqualTo(servingWei.toString());
        assertThat(tip.path("split").path("locatorWei").asText()).isEqualTo(locatorWei.toString());
        assertThat(tip.path("split").path("creatorWei").asText()).isEqualTo(creatorWei.toString());
        JsonNode tx = tip.path("transaction");
        assertThat(tx.path("from").asText()).isEqualTo(TIPPER);
        assertThat(tx.path("to").asText()).isEqualToIgnoringCase(tips.getContractAddress());
        assertThat(tx.path("value").asText()).isEqualTo("0x" + AMOUNT.toString(16));
        assertThat(tx.path("chainId").asText()).isEqualTo("0x7a69");
        assertThat(tx.path("data").asText()).isEqualTo(tips.tip(Numeric.hexStringToByteArray(contentId), CREATOR, serving, locator,
                Numeric.hexStringToByteArray(ref), AMOUNT).encodeFunctionCall());

        // the player retrying: the same tip, the same reference; the same tipId with another body: refused
        HttpResponse<String> again = post(gateway + "/api/tips", request);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("ref").asText()).isEqualTo(ref);
        assertProblem(post(gateway + "/api/tips", request.deepCopy().put("amountWei", "5")), 409, "conflict", "already prepared");

        String txHash = send(tx);
        HttpResponse<String> recorded = post(gateway + "/api/tips/" + tip.path("tipId").asText() + "/transaction",
                JSON.createObjectNode().put("txHash", txHash));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(202);
        assertThat(post(gateway + "/api/tips/" + tip.path("tipId").asText() + "/transaction",
                JSON.createObjectNode().put("txHash", txHash)).statusCode()).isEqualTo(202);
        assertThat(mined(txHash).path("status").asText()).isEqualTo("0x1");

        assertThat(balance(CREATOR).subtract(creatorBefore)).isEqualTo(creatorWei);
        assertThat(balance(serving).subtract(servingBefore)).isEqualTo(servingWei);
        assertThat(balance(locator).subtract(locatorBefore)).isEqualTo(locatorWei);
        assertThat(tips.tipCount().send()).isEqualTo(countBefore.add(BigInteger.ONE));
        assertThat(tips.tipSent(Numeric.hexStringToByteArray(ref)).send()).isTrue();

        JsonNode confirmed = confirmed(tip.path("tipId").asText());
        assertThat(confirmed.path("confirmed").path("txHash").asText()).isEqualTo(txHash);
        assertThat(confirmed.path("confirmed").path("amountWei").asText()).isEqualTo(AMOUNT.toString());
        assertThat(confirmed.path("confirmed").path("split").path("servingWei").asText()).isEqualTo(servingWei.toString());
        assertThat(confirmed.path("confirmed").path("tipper").asText()).isEqualTo(TIPPER);

        JsonNode mine = get(gateway + "/api/tips?tipper=" + TIPPER.toLowerCase());
        assertThat(mine.get(0).path("tipId").asText()).isEqualTo(tip.path("tipId").asText());
        JsonNode received = get(gateway + "/api/tips/received?account=" + serving);
        assertThat(received.path("balanceWei").asText()).isEqualTo(balance(serving).toString());
        assertThat(received.path("tips").get(0).path("role").asText()).isEqualTo("serving");
        assertThat(received.path("tips").get(0).path("amountWei").asText()).isEqualTo(servingWei.toString());
        assertThat(received.path("tips").get(0).path("tipId").asText()).isEqualTo(tip.path("tipId").asText());
        assertThat(received.path("tips").get(0).path("contentId").asText()).isEqualTo(contentId);
        assertThat(received.path("tips").get(0).path("title").asText()).startsWith("Shoal sample");
        JsonNode series = get(gateway + "/api/contents/" + contentId + "/tips/series?bucket=hour");
        assertThat(series.size()).isEqualTo(48);
        // the tip is in the bucket of the hour it was confirmed in: the last one, or the one before when the
        // hour turned between the tip and this request
        JsonNode now = series.get(series.size() - 1).path("tips").asInt() == 1 ? series.get(series.size() - 1) : series.get(series.size() - 2);
        int tipsInSeries = 0;
        for (JsonNode bucket : series) {
            tipsInSeries += bucket.path("tips").asInt();
        }
        assertThat(tipsInSeries).isEqualTo(1);
        assertThat(now.path("tips").asInt()).isEqualTo(1);
        assertThat(now.path("totalWei").asText()).isEqualTo(AMOUNT.toString());
        assertThat(now.path("creatorWei").asText()).isEqualTo(creatorWei.toString());
        assertThat(get(gateway + "/api/contents/" + contentId + "/tips/series?bucket=day").size()).isEqualTo(30);

        // sent twice (a wallet or a player resending): the contract refuses the reference, money moves once
        JsonNode resent = rpc("eth_sendTransaction", tx);
        assertThat(resent.path("error").isMissingNode()).as("resend refused before mining: %s", resent).isFalse();
        assertThat(resent.path("error").toString()).contains(selector("TipAlreadySent(bytes32)").substring(2));
        String forced = send(((ObjectNode) tx.deepCopy()).put("gas", "0x7a120"));
        assertThat(mined(forced).path("status").asText()).as("mined anyway, it reverts").isEqualTo("0x0");
        assertThat(balance(CREATOR).subtract(creatorBefore)).isEqualTo(creatorWei);
        assertThat(balance(serving).subtract(servingBefore)).isEqualTo(servingWei);
        assertThat(balance(locator).subtract(locatorBefore)).isEqualTo(locatorWei);
        assertThat(tips.tipCount().send()).isEqualTo(countBefore.add(BigInteger.ONE));

        // the creator withdraws part of it through the same wallet
        assertProblem(post(gateway + "/api/tips/withdrawals", JSON.createObjectNode().put("account", CREATOR)
                .put("amountWei", balance(CREATOR).add(BigInteger.ONE).toString())), 422, "insufficient-balance", "wei to withdraw");
        HttpResponse<String> withdrawal = post(gateway + "/api/tips/withdrawals", JSON.createObjectNode().put("account", CREATOR)
                .put("amountWei", "1000"));
        assertThat(withdrawal.statusCode()).as(withdrawal.body()).isEqualTo(200);
        BigInteger owed = balance(CREATOR);
        String paid = send(JSON.readTree(withdrawal.body()).path("transaction"));
        assertThat(mined(paid).path("status").asText()).isEqualTo("0x1");
        assertThat(balance(CREATOR)).isEqualTo(owed.subtract(BigInteger.valueOf(1000)));
        awaitJson("the withdrawal through Kafka", Duration.ofSeconds(60), () -> get(gateway + "/api/tips/received?account=" + CREATOR),
                r -> r.path("withdrawals").size() > 0 && r.path("withdrawals").get(0).path("txHash").asText().equals(paid));

        firstTip = request;
    }

    @Test
    @Order(2)
    void forgedForeignReplayedOrExpiredEvidenceUnknownContentAndBadAmountsAreRefusedBeforeAnythingIsStored() throws Exception {
        assertThat(firstTip).as("the first tip ran").isNotNull();
        BigInteger count = tips.tipCount().send();
        int stored = get(gateway + "/api/tips?tipper=" + TIPPER).size();
        JsonNode watch = get(gateway + "/api/watch/" + contentId);
        String session = watch.path("session").asText();
        JsonNode agent = agentsOf(watch).get(0);
        List<String> segments = segments();
        String genuine = fetch(agent.path("url").asText(), segments.get(0), session, new LinkedHashMap<>(), agent.path("agent").asText());
        SignedReceipt signed = SignedReceipt.fromJson(decode(genuine));

        // re-signed by a key that is not the agent's
        SigningKey forger = SigningKey.generate();
        String resigned = encode(new SignedReceipt(signed.receipt(), forger.sign(signed.receipt().signedText())).toJson());
        refused(tipRequest(session, List.of(genuine, resigned), watch.path("ticket"), "1000"), 422, "receipt-rejected",
                "receipt #1", "forged or altered");
        // the agent's signature over other bytes
        ObjectNode altered = (ObjectNode) JSON.readTree(decode(genuine));
        altered.put("bytes", altered.path("bytes").asLong() * 1000);
        refused(tipRequest(session, List.of(encode(altered.toString())), watch.path("ticket"), "1000"), 422, "receipt-rejected",
                "receipt #0", "forged or altered");
        // a genuine receipt of another viewing session
        String otherSession = get(gateway + "/api/watch/" + contentId).path("session").asText();
        refused(tipRequest(otherSession, List.of(genuine), watch.path("ticket"), "1000"), 422, "receipt-rejected",
                "another viewing session");
        // signed by its own key, but that key holds no replica of the content
        SigningKey outsider = SigningKey.generate();
        ServingReceipt r = signed.receipt();
        String selfMade = encode(ServingReceipt.issue(r.contentId(), r.segment(), 10_000_000, session, Clock.systemUTC(), outsider).toJson());
        refused(tipRequest(session, List.of(selfMade), watch.path("ticket"), "1000"), 422, "receipt-rejected",
                "does not hold an active replica");

        // the first tip's ticket again
        ObjectNode replay = firstTip.deepCopy().put("tipId", UUID.randomUUID().toString());
        refused(replay, 409, "replayed", "already credited another tip");
        // a ticket of the right locator that expired, and one of another locator
        LocatorTicket expired = LocatorTicket.issue(LOCATOR, contentId, Duration.ofMinutes(30),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        refused(tipRequest(session, List.of(genuine), JSON.valueToTree(expired), "1000"), 422, "ticket-expired", "expired at");
        LocatorTicket foreign = LocatorTicket.issue(SigningKey.generate(), contentId, Duration.ofMinutes(30), Clock.systemUTC());
        refused(tipRequest(session, List.of(genuine), JSON.valueToTree(foreign), "1000"), 422, "ticket-rejected",
                "not by this marketplace's locator");

        ObjectNode unknown = tipRequest(session, List.of(genuine), watch.path("ticket"), "1000").put("contentId", "ab".repeat(32));
        refused(unknown, 404, "not-found", "ab".repeat(32));
        refused(tipRequest(session, List.of(genuine), watch.path("ticket"), "0"), 400, "invalid-request", "more than 0");
        refused(tipRequest(session, List.of(genuine), watch.path("ticket"), "-1000"), 400, "invalid-request", "more than 0");
        refused(tipRequest(session, List.of(genuine), watch.path("ticket"), "1000").put("tipper", "0x1234"), 400, "invalid-request",
                "tipper");

        assertThat(tips.tipCount().send()).as("no transaction was sent").isEqualTo(count);
        assertThat(get(gateway + "/api/tips?tipper=" + TIPPER).size()).as("no tip was stored").isEqualTo(stored);
        // the genuine evidence still makes a tip: the refusals above used nothing up
        HttpResponse<String> ok = post(gateway + "/api/tips", tipRequest(session, List.of(genuine), watch.path("ticket"), "1000"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    @Test
    @Order(3)
    void aSessionServedOnlyByPeersGivesTheServingShareToTheCreator() throws Exception {
        JsonNode watch = get(gateway + "/api/watch/" + contentId);
        BigInteger amount = BigInteger.valueOf(1_000_000);
        HttpResponse<String> prepared = post(gateway + "/api/tips", tipRequest(watch.path("session").asText(), List.of(),
                watch.path("ticket"), amount.toString()));
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
        JsonNode tip = JSON.readTree(prepared.body());
        assertThat(tip.path("servingNode").asText()).isEqualTo("0x0000000000000000000000000000000000000000");
        assertThat(tip.path("sessionBytes").asLong()).isZero();
        assertThat(tip.path("split").path("servingWei").asText()).isEqualTo("0");
        assertThat(tip.path("split").path("creatorWei").asText()).isEqualTo("950000");
        BigInteger creatorBefore = balance(CREATOR);
        assertThat(mined(send(tip.path("transaction"))).path("status").asText()).isEqualTo("0x1");
        assertThat(balance(CREATOR).subtract(creatorBefore)).isEqualTo(BigInteger.valueOf(950_000));
        confirmed(tip.path("tipId").asText());
    }

    @Test
    @Order(4)
    void aTipSentWhileTheGatewayRestartsIsSentAndConfirmedOnce() throws Exception {
        JsonNode watch = get(gateway + "/api/watch/" + contentId);
        String session = watch.path("session").asText();
        JsonNode agent = agentsOf(watch).get(1);
        String receipt = fetch(agent.path("url").asText(), segments().get(2), session, new LinkedHashMap<>(), agent.path("agent").asText());
        ObjectNode request = tipRequest(session, List.of(receipt), watch.path("ticket"), "123456789");
        BigInteger count = tips.tipCount().send();
        BigInteger creatorBefore = balance(CREATOR);
        HttpResponse<String> prepared = post(gateway + "/api/tips", request);
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
        JsonNode tip = JSON.readTree(prepared.body());
        String tipId = tip.path("tipId").asText();

        ProcessHandle old = ProcessHandle.of(stack.service("player-gateway").path("pid").asLong()).orElseThrow();
        String command = old.info().command().orElseThrow();
        String[] arguments = old.info().arguments().orElseThrow();
        old.destroyForcibly();
        assertThat(old.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();

        // the viewer's wallet does not need the gateway: the transaction goes out while it is down
        String txHash = sendDirect(tip.path("transaction"));
        List<String> commandLine = new ArrayList<>(List.of(command));
        commandLine.addAll(List.of(arguments));
        Path log = Files.createDirectories(state.resolve("logs")).resolve("player-gateway-restarted.log");
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<HttpResponse<String>> recorded = new AtomicReference<>();
        // the player keeps trying while the gateway is down (connection refused); it comes back at the third attempt
        await("the transaction recorded after the restart").atMost(Duration.ofMinutes(3)).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> {
                    if (attempts.incrementAndGet() == 3) {
                        restartedGateway = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                    }
                    recorded.set(post(gateway + "/api/tips/" + tipId + "/transaction", JSON.createObjectNode().put("txHash", txHash)));
                    return recorded.get().statusCode() == 202;
                });
        assertThat(attempts.get()).as("the gateway was down for a while").isGreaterThanOrEqualTo(3);
        assertThat(recorded.get().statusCode()).as(recorded.get().body()).isEqualTo(202);

        // the player, unsure, prepares again after the restart: same tip, same reference; sending it again reverts
        HttpResponse<String> again = post(gateway + "/api/tips", request);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode same = JSON.readTree(again.body());
        assertThat(same.path("ref").asText()).isEqualTo(tip.path("ref").asText());
        assertThat(mined(txHash).path("status").asText()).isEqualTo("0x1");
        String twice = send(((ObjectNode) same.path("transaction").deepCopy()).put("gas", "0x7a120"));
        assertThat(mined(twice).path("status").asText()).isEqualTo("0x0");

        JsonNode confirmed = awaitJson("confirmed after the restart", Duration.ofMinutes(3), () -> get(gateway + "/api/tips/" + tipId),
                t -> t.path("status").asText().equals("CONFIRMED"));
        assertThat(confirmed.path("confirmed").path("txHash").asText()).isEqualTo(txHash);
        assertThat(tips.tipCount().send()).as("one tip on chain").isEqualTo(count.add(BigInteger.ONE));
        assertThat(balance(CREATOR).subtract(creatorBefore)).isEqualTo(new BigInteger(tip.path("split").path("creatorWei").asText()));
        JsonNode mine = get(gateway + "/api/tips?tipper=" + TIPPER);
        assertThat(mine.findValuesAsText("tipId").stream().filter(tipId::equals)).hasSize(1);
    }

    // --- helpers ---

    private ObjectNode tipRequest(String session, List<String> receipts, JsonNode ticket, String amountWei) {
        ObjectNode r = JSON.createObjectNode().put("tipId", UUID.randomUUID().toString()).put("contentId", contentId)
                .put("session", session).put("amountWei", amountWei).put("tipper", TIPPER);
        ArrayNode list = r.putArray("receipts");
        receipts.forEach(list::add);
        r.set("ticket", ticket);
        return r;
    }

    /** Asserts the refusal and that the refused tip was not stored. */
    private void refused(ObjectNode request, int status, String type, String... detail) throws Exception {
        assertProblem(post(gateway + "/api/tips", request), status, type, detail);
        HttpResponse<String> after = getRaw(gateway + "/api/tips/" + request.path("tipId").asText());
        assertThat(after.statusCode()).as("refused tip %s stored: %s", request.path("tipId"), after.body()).isEqualTo(404);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String... detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(PROBLEMS + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    private static List<JsonNode> agentsOf(JsonNode watch) {
        List<JsonNode> agents = new ArrayList<>();
        watch.path("sources").forEach(s -> {
            if (s.path("kind").asText().equals("agent")) {
                agents.add(s);
            }
        });
        assertThat(agents).hasSizeGreaterThanOrEqualTo(2);
        return agents;
    }

    /** The sample's segment hashes, from the master playlist's first rendition. */
    private List<String> segments() throws Exception {
        String master = getRaw(gateway + "/vod/" + contentId + "/master.m3u8").body();
        String rendition = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
        List<String> segments = getRaw(gateway + "/vod/" + contentId + "/" + rendition).body().lines()
                .filter(l -> l.startsWith("segments/")).map(l -> l.substring("segments/".length())).toList();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(7);
        return segments;
    }

    /** GETs a segment from an agent as the player does, counts its bytes, and returns the agent's serving receipt. */
    private String fetch(String agentUrl, String segment, String session, Map<String, Long> bytesByAgent, String agent) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(agentUrl.replaceAll("/$", "") + "/segments/" + segment
                        + "?content=" + contentId)).header("Shoal-Session", session).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        bytesByAgent.merge(agent, (long) response.body().length, Long::sum);
        return response.headers().firstValue("Shoal-Receipt").orElseThrow(() -> new AssertionError("no receipt from " + agentUrl));
    }

    private static String decode(String header) {
        return new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private BigInteger balance(String account) throws Exception {
        return tips.balanceOf(account).send();
    }

    private JsonNode rpc(String method, Object... params) throws Exception {
        return rpcAt(gateway + "/api/dev-wallet/rpc", method, params);
    }

    private static JsonNode rpcAt(String url, String method, Object... params) throws Exception {
        ObjectNode call = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 7).put("method", method);
        ArrayNode list = call.putArray("params");
        for (Object p : params) {
            list.add(p instanceof JsonNode node ? node : JSON.valueToTree(p));
        }
        HttpResponse<String> response = post(url, call);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Sends through the gateway's dev wallet, as the browser does. */
    private String send(JsonNode transaction) throws Exception {
        JsonNode sent = rpc("eth_sendTransaction", transaction);
        assertThat(sent.path("result").isTextual()).as("sent: %s", sent).isTrue();
        return sent.path("result").asText();
    }

    /** Sends straight to the chain node, as a wallet of the viewer's own would. */
    private String sendDirect(JsonNode transaction) throws Exception {
        JsonNode sent = rpcAt(anvil, "eth_sendTransaction", transaction);
        assertThat(sent.path("result").isTextual()).as("sent: %s", sent).isTrue();
        return sent.path("result").asText();
    }

    private JsonNode mined(String txHash) throws Exception {
        return awaitJson("receipt of " + txHash, Duration.ofSeconds(30),
                () -> rpcAt(anvil, "eth_getTransactionReceipt", txHash).path("result"), r -> r.isObject());
    }

    private JsonNode confirmed(String tipId) throws Exception {
        return awaitJson("tip " + tipId + " confirmed", Duration.ofSeconds(90), () -> get(gateway + "/api/tips/" + tipId),
                t -> t.path("status").asText().equals("CONFIRMED"));
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    interface Read {
        JsonNode read() throws Exception;
    }

    private static JsonNode awaitJson(String what, Duration timeout, Read read, java.util.function.Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                last.set(read.read());
                return last.get();
            }, done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " within " + timeout + "; last: " + last.get(), e);
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = getRaw(url);
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> getRaw(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
