package dev.shoal.deploy.chain;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.Wallet;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A creator funding one of its orders from its own key: the token's {@code approve} of the total, then the escrow's
 * {@code fundOrder}, encoded by the generated wrappers from the terms the command shows and sent through the one
 * sender. The marketplace quotes the same two calls; a quote whose call data says anything else than its terms is
 * refused before anything is signed, so the key signs exactly what the creator was shown.
 */
public final class OrderFunding {

    /**
     * The quoted terms, as the marketplace's funding view states them: the escrow takes the maximum per replica-epoch
     * for each ({@code total}); slot i costs {@code prices[i]} (its agent's ask) per passed epoch, the rest comes back.
     */
    public record Terms(String token, String escrow, String escrowOrderId, List<String> agents, List<BigInteger> prices, long epochs,
                        long epochSeconds, BigInteger maxPricePerReplicaEpoch, BigInteger total) {
    }

    /** A transaction as the quote lists it for a wallet. */
    public record Quoted(String purpose, String to, String data) {
    }

    /** A mined funding transaction. */
    public record Sent(String purpose, String txHash, long block) {
    }

    /** The quote's call data is not what its terms encode to. */
    public static final class QuoteMismatch extends RuntimeException {
        QuoteMismatch(String message) {
            super(message);
        }
    }

    private record Call(String purpose, String to, RemoteFunctionCall<TransactionReceipt> call) {
    }

    private OrderFunding() {
    }

    /**
     * Sends approve, then fundOrder, each waited for; {@code mined} hears of each as it is mined.
     *
     * @throws QuoteMismatch             when the quoted call data differs from the terms' (nothing is sent)
     * @throws ChainTransactionException when a call would revert, reverts, or the node fails
     */
    public static List<Sent> fund(Wallet wallet, Terms terms, List<Quoted> quote, Consumer<Sent> mined) {
        ShoalTestToken token = wallet.contract(ShoalTestToken::load, terms.token());
        StorageEscrow escrow = wallet.contract(StorageEscrow::load, terms.escrow());
        List<Call> calls = List.of(
                new Call("approve", terms.token(), token.approve(terms.escrow(), terms.total())),
                new Call("fundOrder", terms.escrow(), escrow.fundOrder(Numeric.hexStringToByteArray(terms.escrowOrderId()), terms.agents(),
                        terms.prices(), BigInteger.valueOf(terms.epochs()), BigInteger.valueOf(terms.epochSeconds()),
                        terms.maxPricePerReplicaEpoch())));
        for (Call call : calls) {
            boolean quoted = quote.stream().anyMatch(q -> q.purpose().equals(call.purpose()) && q.to().equalsIgnoreCase(call.to())
                    && q.data().toLowerCase(Locale.ROOT).equals(call.call().encodeFunctionCall().toLowerCase(Locale.ROOT)));
            if (!quoted) {
                throw new QuoteMismatch("the quote's " + call.purpose() + " is not the call its terms make (to " + call.to()
                        + "): nothing was sent");
            }
        }
        return calls.stream().map(call -> {
            Sent sent = send(call);
            mined.accept(sent);
            return sent;
        }).toList();
    }

    private static Sent send(Call call) {
        try {
            TransactionReceipt receipt = call.call().send();
            return new Sent(call.purpose(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        } catch (ChainTransactionException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainTransactionException("the chain node failed during " + call.purpose() + ": " + e.getMessage(), e);
        }
    }
}
