package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.chain.PayoutAccount;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.identity.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Tips this agent received for serving viewers: read from a player gateway (which keeps them from the chain's
 * events), with the balance the tip splitter holds for the agent's address; {@code --withdraw} pays it out,
 * signed with the agent's own key. Needs no running agent, only its data folder.
 */
@Command(name = "tips", mixinStandardHelpOptions = true,
        description = "Tips received as the serving node, the balance on the tip splitter, and a withdrawal of it.")
public class TipsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal WEI_PER_ETH = BigDecimal.TEN.pow(18);

    @Option(names = "--data", paramLabel = "DIR", description = "The agent's data folder, holding agent.key (default ~/.shoal-agent)")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "The agent's key file, if not DATA/agent.key")
    Path keyFile;

    @Option(names = "--gateway", paramLabel = "URL", required = true, description = "A player gateway, e.g. http://127.0.0.1:8082")
    String gateway;

    @Option(names = "--withdraw", paramLabel = "ETH|all", description = "Pay this much of the balance (or all of it) to the agent's address")
    String withdraw;

    @Option(names = "--rpc", paramLabel = "URL", description = "The chain node that takes the withdrawal (default http://127.0.0.1:8545)")
    String rpc = "http://127.0.0.1:8545";

    @Option(names = "--json", description = "Print what the gateway answered as JSON")
    boolean json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        Path key = keyFile != null ? keyFile
                : (data != null ? data : Path.of(System.getProperty("user.home"), ".shoal-agent")).resolve("agent.key");
        if (!Files.isRegularFile(key)) {
            System.err.println("no agent key at " + key + " (pass --data DIR of an agent that has started, or --key FILE)");
            return 2;
        }
        SigningKey signer = SigningKey.fromFile(key);
        String account = signer.address().toString();
        String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        try {
            if (withdraw != null) {
                return withdraw(base, account, signer);
            }
            JsonNode received = call("GET", base + "/api/tips/received?account=" + account, null);
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(received));
                return 0;
            }
            System.out.printf("agent     %s%n", account);
            System.out.printf("balance   %s ETH on the tip splitter (withdraw with --withdraw all)%n", eth(received.path("balanceWei").asText("0")));
            int n = 0;
            for (JsonNode t : received.path("tips")) {
                System.out.printf("tip       %s  %-8s %s ETH  content %s  tx %s%n", t.path("at").asText(), t.path("role").asText(),
                        eth(t.path("amountWei").asText("0")), t.path("contentId").asText(), t.path("txHash").asText());
                n++;
            }
            if (n == 0) {
                System.out.println("no tips yet: viewers tip the agent that served most of their session");
            }
            return 0;
        } catch (Failure f) {
            System.err.println(f.getMessage());
            return 1;
        }
    }

    private int withdraw(String base, String account, SigningKey signer) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        if (!withdraw.equalsIgnoreCase("all")) {
            BigDecimal amount;
            try {
                amount = new BigDecimal(withdraw);
            } catch (NumberFormatException e) {
                System.err.println("--withdraw takes an amount in ETH (e.g. 0.5) or all");
                return 2;
            }
            body.put("amountWei", amount.multiply(WEI_PER_ETH).toBigIntegerExact().toString());
        }
        JsonNode answer = call("POST", base + "/api/tips/withdrawals", JSON.writeValueAsString(body));
        JsonNode tx = answer.path("transaction");
        long chainId = Long.decode(tx.path("chainId").asText());
        BigInteger amountWei = new BigInteger(answer.path("amountWei").asText("0"));
        try (PayoutAccount payout = PayoutAccount.open(rpc, signer)) {
            if (payout.chainId() != chainId) {
                throw new Failure("the node at " + rpc + " is not chain " + chainId + ", where the gateway's tip splitter is");
            }
            PayoutAccount.Withdrawal done = payout.withdrawTips(tx.path("to").asText(), amountWei);
            System.out.printf("withdrew %s ETH to %s in transaction %s (block %s)%n", eth(amountWei.toString()), account, done.txHash(), done.block());
            return 0;
        } catch (ChainTransactionException e) {
            throw new Failure(e.getMessage());
        }
    }

    private JsonNode call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header("Accept", "application/json");
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new Failure("the gateway at " + gateway + " cannot be reached: " + e.getMessage());
        }
        JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new Failure("the gateway refused (" + response.statusCode() + "): " + json.path("detail").asText(json.path("title").asText()));
        }
        return json;
    }

    private static String eth(String wei) {
        return new BigDecimal(new BigInteger(wei)).divide(WEI_PER_ETH).stripTrailingZeros().toPlainString();
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }
}
