package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.Wallet;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.money.Susd;
import dev.shoal.deploy.chain.OrderFunding;
import dev.shoal.deploy.creator.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code shoal order fund ORDER --key-file FILE}: funds an order's escrow from the creator's own key. Asks the
 * marketplace what to sign ({@code GET /api/orders/{id}/funding}), signs and sends the token approval and
 * {@code fundOrder} with the key ({@link OrderFunding}: encoded from the quoted terms, refused if the quote's call data
 * says otherwise), then reports the transaction ({@code POST}), which the marketplace checks on chain before the order
 * counts as funded. {@code --tx HASH} only reports a fundOrder already sent.
 */
@Command(name = "fund", mixinStandardHelpOptions = true,
        description = {"Fund one of your storage orders from your own key: approve the escrow for the total, send fundOrder,"
                + " and report the transaction to the marketplace, which checks it on chain.",
                "Signed in with shoal login (or --token). Defaults (marketplace, chain node) come from the local stack started by ./shoal up or ./shoal demo."})
final class OrderFundCommand extends OrderSubcommand {

    private static final Duration REPORT_PATIENCE = Duration.ofSeconds(90);

    @Parameters(index = "0", paramLabel = "ORDER", description = "the order id")
    String order;

    @Option(names = "--key-file", required = true, paramLabel = "FILE",
            description = "the content creator's private key (64 hex digits, as for shoal publish --key)")
    Path keyFile;


    @Option(names = "--rpc", paramLabel = "URL", description = "the chain node that takes the transactions (default: the local stack's)")
    String rpc;

    @Option(names = "--tx", paramLabel = "HASH", description = "do not send anything: report this fundOrder transaction")
    String txHash;


    /** A refusal to explain on stderr (exit 1). */
    @Override
    int run(PrintWriter out) throws Exception {
        SigningKey key = SigningKey.fromFile(keyFile);
        String funder = key.address().toString();
        ServiceClient market = options.market();
        String funding = "/api/orders/" + order + "/funding";
        if (txHash == null) {
            JsonNode view = market.get(funding, JsonNode.class);
            String status = view.path("status").asText();
            if (!status.equals("AWAITING_FUNDS")) {
                out.println("order " + order + " is " + status + (view.hasNonNull("fundTx") ? " (tx " + view.path("fundTx").asText() + ")" : "")
                        + ": nothing to send");
                return status.equals("FUNDED") ? 0 : 1;
            }
            JsonNode quote = view.path("quote");
            if (!quote.path("funder").asText().equalsIgnoreCase(funder)) {
                throw new Refused("the key file's address " + funder + " is not the content's creator "
                        + quote.path("funder").asText() + ": the marketplace accepts funding from that address only");
            }
            List<String> asks = new ArrayList<>();
            quote.path("pricesPerReplicaEpoch").forEach(p -> asks.add(Susd.format(new BigInteger(p.asText()))));
            out.printf("funding order %s: at most %s x %d replicas x %d epochs = %s escrowed (escrow %s, chain %d)%n", order,
                    Susd.format(new BigInteger(quote.path("maxPricePerReplicaEpoch").asText())), quote.path("replicas").asInt(),
                    quote.path("epochs").asInt(), Susd.format(new BigInteger(quote.path("total").asText())),
                    quote.path("escrow").asText(), quote.path("chainId").asLong());
            out.printf("each replica costs its agent's ask per passed epoch: %s; the rest comes back to you%n", String.join(", ", asks));
            String node = rpc != null ? rpc : LocalStack.find().flatMap(LocalStack::chainRpc)
                    .orElseThrow(() -> new Refused("no --rpc and no local stack running (./shoal up)"));
            try (Wallet wallet = Wallet.open(node, key)) {
                if (wallet.chainId() != quote.path("chainId").asLong()) {
                    throw new Refused("the node at " + node + " is chain " + wallet.chainId() + ", the marketplace's escrow is on chain "
                            + quote.path("chainId").asLong());
                }
                List<OrderFunding.Sent> sent = OrderFunding.fund(wallet, terms(quote), quoted(quote),
                        tx -> out.printf("%s: transaction %s mined in block %s%n", tx.purpose(), tx.txHash(), tx.block()));
                txHash = sent.get(sent.size() - 1).txHash();
            } catch (ChainTransactionException | OrderFunding.QuoteMismatch e) {
                throw new Refused(e.getMessage());
            }
        }
        JsonNode funded = report(market, funding);
        out.println("order " + order + " is " + funded.path("status").asText() + " by transaction " + funded.path("fundTx").asText());
        return 0;
    }

    private static OrderFunding.Terms terms(JsonNode quote) {
        List<String> agents = new ArrayList<>();
        quote.path("agents").forEach(agent -> agents.add(agent.asText()));
        List<BigInteger> prices = new ArrayList<>();
        quote.path("pricesPerReplicaEpoch").forEach(price -> prices.add(new BigInteger(price.asText())));
        return new OrderFunding.Terms(quote.path("token").asText(), quote.path("escrow").asText(), quote.path("escrowOrderId").asText(),
                agents, prices, quote.path("epochs").asLong(), quote.path("epochSeconds").asLong(),
                new BigInteger(quote.path("maxPricePerReplicaEpoch").asText()), new BigInteger(quote.path("total").asText()));
    }

    private static List<OrderFunding.Quoted> quoted(JsonNode quote) {
        List<OrderFunding.Quoted> transactions = new ArrayList<>();
        quote.path("transactions").forEach(tx -> transactions.add(
                new OrderFunding.Quoted(tx.path("purpose").asText(), tx.path("to").asText(), tx.path("data").asText())));
        return transactions;
    }

    /** Reports the fundOrder transaction, again while the marketplace says it is not mined deep enough yet. */
    private JsonNode report(ServiceClient market, String funding) throws Exception {
        long until = System.nanoTime() + REPORT_PATIENCE.toNanos();
        while (true) {
            try {
                return market.post(funding, Map.of("txHash", txHash), JsonNode.class);
            } catch (ServiceClient.Refused p) {
                if (!p.type().endsWith("/funding-pending") || System.nanoTime() > until) {
                    throw new Refused(p.getMessage() + "; report it again later with --tx " + txHash);
                }
                Thread.sleep(2000);
            }
        }
    }

}
