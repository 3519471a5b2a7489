package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.gateway.ShoalStack;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A viewer tips from the player in a real browser, with the demo's dev wallet (anvil's test accounts), on the
 * real stack: the creator's, the serving agent's and the locator's balances on the tip splitter change by
 * exactly the configured shares, read straight from the chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TipInBrowserIT {

    private static final int AGENTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final BigInteger AMOUNT = new BigInteger("10000000000000000"); // 0.01 ETH

    @TempDir
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String contentId;

    @BeforeAll
    void up() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        contentId = stack.upWithSample(AGENTS);
        gateway = stack.url("player-gateway");
    }

    @AfterAll
    void down() throws Exception {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void aTipFromThePlayerIsSplitOnChainExactlyByTheShares() throws Exception {
        JsonNode config = get(gateway + "/api/tips/config");
        assertThat(config.path("devWallet").path("enabled").asBoolean()).as("the demo's dev wallet").isTrue();
        String splitter = config.path("tipSplitter").asText();
        JsonNode watch = get(gateway + "/api/watch/" + contentId);
        String creator = watch.path("creator").asText().toLowerCase();
        String locator = watch.path("ticket").path("locator").asText().toLowerCase();
        Set<String> agents = new LinkedHashSet<>();
        watch.path("sources").forEach(s -> {
            if (s.path("kind").asText().equals("agent")) {
                agents.add(s.path("agent").asText().toLowerCase());
            }
        });
        assertThat(agents).hasSize(AGENTS);
        Set<String> accounts = new LinkedHashSet<>(agents);
        accounts.add(creator);
        accounts.add(locator);
        Map<String, BigInteger> before = balances(splitter, accounts);

        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off")) {
            viewer.await("segments with receipts from agents", Duration.ofSeconds(90),
                    s -> s.path("segmentsFromAgents").asInt() >= 3 && s.path("receipts").asInt() >= 3);
            viewer.click("[data-tip-open]");
            awaitTrue(viewer, "the tip form", () -> viewer.visible("[data-tip-form]"));
            assertThat(viewer.text("[data-wallet-label]")).contains("Dev wallet").contains("Not real money");
            viewer.type("[data-tip-amount]", "0.01");
            viewer.click("[data-tip-confirm]");
            awaitTrue(viewer, "the tip confirmed on chain", () -> viewer.script(
                    "const t = window.shoalPlayer.tip; return !!(t.last || t.error)").equals(Boolean.TRUE));
            JsonNode error = JSON.readTree(String.valueOf(viewer.script("return JSON.stringify(window.shoalPlayer.tip.error)")));
            assertThat(error.isNull()).as("tip error: %s", error).isTrue();
            JsonNode tip = JSON.readTree(String.valueOf(viewer.script("return JSON.stringify(window.shoalPlayer.tip.last)")));
            assertThat(tip.path("status").asText()).isEqualTo("CONFIRMED");
            assertThat(viewer.text("[data-tip-receipt]")).contains("Creator").contains("Served you").contains("Locator");

            String serving = tip.path("servingNode").asText().toLowerCase();
            assertThat(agents).as("the serving node holds a replica and served this session").contains(serving);
            BigInteger servingWei = AMOUNT.multiply(BigInteger.valueOf(config.path("shares").path("servingBps").asInt())).divide(BigInteger.valueOf(10_000));
            BigInteger locatorWei = AMOUNT.multiply(BigInteger.valueOf(config.path("shares").path("locatorBps").asInt())).divide(BigInteger.valueOf(10_000));
            BigInteger creatorWei = AMOUNT.subtract(servingWei).subtract(locatorWei);

            Map<String, BigInteger> after = balances(splitter, accounts);
            Map<String, BigInteger> expected = new HashMap<>();
            accounts.forEach(a -> expected.put(a, BigInteger.ZERO));
            expected.merge(creator, creatorWei, BigInteger::add);
            expected.merge(serving, servingWei, BigInteger::add);
            expected.merge(locator, locatorWei, BigInteger::add);
            for (String account : accounts) {
                assertThat(after.get(account).subtract(before.get(account))).as("balance change of %s", account)
                        .isEqualTo(expected.get(account));
            }
            assertThat(new BigInteger(tip.path("split").path("servingWei").asText())).isEqualTo(servingWei);

            // the creator's dashboard: the tip as creator, the balance the chain holds, and the content's chart
            viewer.navigate(gateway + "/tips/?account=" + creator);
            awaitTrue(viewer, "the creator's tips", () -> viewer.visible("[data-account-view]")
                    && viewer.text("[data-received]").contains("creator"));
            assertThat(viewer.text("[data-balance]")).isEqualTo(eth(after.get(creator)));
            assertThat(viewer.script("return document.querySelectorAll('[data-charts] svg rect').length")).isNotEqualTo(0L);

            // the serving agent's operator sees the tip with the agent's CLI (once the chain's event came through
            // Kafka) and withdraws the balance to the agent's address with the agent's own key
            Path agentData = agentDataOf(serving);
            JsonNode listed = await("the tip in the agent's CLI").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> JSON.readTree(agentCli("tips", "--data", agentData.toString(), "--gateway", gateway, "--json")),
                            json -> !json.path("tips").isEmpty());
            assertThat(listed.path("tips").get(0).path("role").asText()).isEqualTo("serving");
            assertThat(new BigInteger(listed.path("tips").get(0).path("amountWei").asText())).isEqualTo(servingWei);
            rpc("anvil_setBalance", serving, "0xde0b6b3a7640000"); // 1 ETH for gas: an operator's own coins
            BigInteger ethBefore = ethBalance(serving);
            String out = agentCli("tips", "--data", agentData.toString(), "--gateway", gateway, "--withdraw", "all", "--rpc", stack.url("anvil"));
            assertThat(out).contains("withdrew");
            assertThat(balances(splitter, Set.of(serving)).get(serving)).isZero();
            assertThat(ethBalance(serving).subtract(ethBefore)).as("paid to the agent's address (it paid the gas)")
                    .isGreaterThan(BigInteger.ZERO).isLessThanOrEqualTo(after.get(serving));
        }
    }

    /** As the dashboard prints wei: whole ETH, then up to 8 decimals without trailing zeros. */
    private static String eth(BigInteger wei) {
        BigInteger[] parts = wei.divideAndRemainder(BigInteger.TEN.pow(18));
        String frac = String.format("%018d", parts[1]).replaceAll("0+$", "");
        return parts[0] + (frac.isEmpty() ? "" : "." + frac.substring(0, Math.min(8, frac.length()))) + " ETH";
    }

    /** The data folder of the agent with this address (the stack keeps each agent's key in its store). */
    private Path agentDataOf(String address) throws Exception {
        for (int i = 1; i <= AGENTS; i++) {
            Path data = state.resolve("agent-" + i + "/store");
            String key = java.nio.file.Files.readString(data.resolve("agent.key")).strip();
            if (dev.shoal.contracts.identity.SigningKey.fromHex(key).address().toString().equalsIgnoreCase(address)) {
                return data;
            }
        }
        throw new AssertionError("no agent of this stack has address " + address);
    }

    private static String agentCli(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ShoalStack.ROOT.resolve("distributor-agent/target/quarkus-app/quarkus-run.jar").toString()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("agent %s: %s", String.join(" ", args), out).isZero();
        return out.lines().filter(l -> !l.startsWith("WARNING") && !l.contains("SLF4J")).collect(java.util.stream.Collectors.joining("\n"));
    }

    private BigInteger ethBalance(String account) throws Exception {
        return new BigInteger(rpc("eth_getBalance", account, "latest").asText().substring(2), 16);
    }

    private JsonNode rpc(String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", java.util.List.of(params)));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("anvil")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.has("error")).as("%s: %s", method, answer).isFalse();
        return answer.path("result");
    }

    private static void awaitTrue(Viewer viewer, String what, java.util.function.BooleanSupplier condition) {
        try {
            await(what).atMost(Duration.ofSeconds(90)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the page never showed " + what + "; status: "
                    + viewer.script("return document.querySelector('[data-tip-status]').textContent") + "; stats: " + viewer.stats(), e);
        }
    }

    /** balanceOf(account) on the tip splitter, straight from the chain node. */
    private Map<String, BigInteger> balances(String splitter, Set<String> accounts) throws Exception {
        Map<String, BigInteger> out = new HashMap<>();
        for (String account : accounts) {
            String data = "0x70a08231" + "0".repeat(24) + account.substring(2);
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "eth_call",
                    "params", java.util.List.of(Map.of("to", splitter, "data", data), "latest")));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("anvil")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.put(account, new BigInteger(JSON.readTree(r.body()).path("result").asText().substring(2), 16));
        }
        return out;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
