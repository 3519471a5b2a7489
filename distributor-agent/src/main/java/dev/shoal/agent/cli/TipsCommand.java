package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.chain.PayoutAccount;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.identity.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    @Mixin
    AgentKeyOptions agentKey;

    @Option(names = "--gateway", paramLabel = "URL", required = true, description = "A player gateway, e.g. http://127.0.0.1:8082")
    String gateway;

    @Option(names = "--withdraw", paramLabel = "ETH|all", description = "Pay this much of the balance (or all of it) to the agent's address")
    String withdraw;

    @Option(names = "--json", description = "Print what the gateway answered as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<SigningKey> key = agentKey.key();
        if (key.isEmpty()) {
            return 2;
        }
        SigningKey signer = key.get();
        String account = signer.address().toString();
        ServiceClient gatewayApi = new ServiceClient(gateway);
        try {
            if (withdraw != null) {
                return withdraw(gatewayApi, account, signer);
            }
            JsonNode received = gatewayApi.get("/api/tips/received?account=" + account, JsonNode.class);
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
        } catch (ServiceClient.Refused e) {
            System.err.println("the gateway refused (" + e.status() + "): " + e.getMessage());
            return 1;
        } catch (ServiceClient.Unreachable e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private int withdraw(ServiceClient gatewayApi, String account, SigningKey signer) throws Exception {
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
        JsonNode answer = gatewayApi.post("/api/tips/withdrawals", body, JsonNode.class);
        JsonNode tx = answer.path("transaction");
        long chainId = Long.decode(tx.path("chainId").asText());
        BigInteger amountWei = new BigInteger(answer.path("amountWei").asText("0"));
        try (PayoutAccount payout = PayoutAccount.open(agentKey.rpc, signer)) {
            if (payout.chainId() != chainId) {
                throw new Failure("the node at " + agentKey.rpc + " is not chain " + chainId + ", where the gateway's tip splitter is");
            }
            PayoutAccount.Withdrawal done = payout.withdrawTips(tx.path("to").asText(), amountWei);
            System.out.printf("withdrew %s ETH to %s in transaction %s (block %s)%n", eth(amountWei.toString()), account, done.txHash(), done.block());
            return 0;
        } catch (ChainTransactionException e) {
            throw new Failure(e.getMessage());
        }
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
