package dev.shoal.gateway.chain;

import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.exceptions.ContractCallException;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The tip splitter as the gateway uses it: reads (shares, balances, the tip counter, a sent transaction) and the
 * call data of {@code tip} and {@code withdraw}, which the viewer's wallet signs and sends. The gateway holds no
 * key and sends nothing itself. Encoding goes through the wrapper generated from the contract's ABI, so it cannot
 * drift from the contract. Blocking web3j calls run on the worker pool.
 */
@Singleton
public class TipSplitterContract {

    /** A transaction as the node knows it. */
    public record SentTransaction(String hash, String from, String to, String input, BigInteger value) {
    }

    private final Web3j web3j;

    public TipSplitterContract(GatewayConfig config) {
        this.web3j = Web3j.build(new HttpService(config.chain().rpcUrl()));
    }

    @PreDestroy
    void close() {
        web3j.shutdown();
    }

    private TipSplitter at(String address) {
        return TipSplitter.load(address, web3j, new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
    }

    public Uni<Shares> shares(String tipSplitter) {
        return blocking(() -> {
            Tuple3<BigInteger, BigInteger, BigInteger> s = at(tipSplitter).shares().send();
            return new Shares(s.component1().intValueExact(), s.component2().intValueExact(), s.component3().intValueExact());
        });
    }

    /** What {@code account} may withdraw now. */
    public Uni<BigInteger> balanceOf(String tipSplitter, String account) {
        return blocking(() -> at(tipSplitter).balanceOf(account).send());
    }

    public Uni<BigInteger> tipCount(String tipSplitter) {
        return blocking(() -> at(tipSplitter).tipCount().send());
    }

    /** The transaction, if the node knows it (pending or mined). */
    public Uni<Optional<SentTransaction>> transaction(String hash) {
        return blocking(() -> {
            Optional<Transaction> tx = web3j.ethGetTransactionByHash(hash).send().getTransaction();
            return tx.map(t -> new SentTransaction(t.getHash(), t.getFrom(), t.getTo(), t.getInput(), t.getValue()));
        });
    }

    /** {@code tip(contentId, creator, servingNode, locator, ref)} call data; the value travels with the transaction. */
    public String tipCalldata(String tipSplitter, String contentId, String creator, String servingNode, String locator, byte[] ref) {
        return at(tipSplitter).tip(Numeric.hexStringToByteArray(contentId), creator, servingNode, locator, ref, BigInteger.ZERO)
                .encodeFunctionCall();
    }

    public String withdrawCalldata(String tipSplitter, BigInteger amountWei) {
        return at(tipSplitter).withdraw(amountWei).encodeFunctionCall();
    }

    private static <T> Uni<T> blocking(Callable<T> call) {
        return Uni.createFrom().item(() -> {
            try {
                return call.call();
            } catch (IOException e) {
                throw new ChainUnavailableException("the chain node cannot be reached: " + e.getMessage(), e);
            } catch (ContractCallException e) {
                throw new ChainUnavailableException("the tip splitter does not answer as one: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ChainUnavailableException("the chain node's answer could not be read: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
