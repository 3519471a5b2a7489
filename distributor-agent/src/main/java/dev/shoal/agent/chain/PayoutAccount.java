package dev.shoal.agent.chain;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.Wallet;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.contracts.identity.SigningKey;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;

/**
 * The agent's payout address on chain, with its own key: what the storage escrow holds for it and withdrawals from the
 * escrow and the tip splitter (only the account itself may call their {@code withdraw}). Every transaction goes through
 * the one sender (estimated, journaled, awaited; a revert is a {@link ChainTransactionException} naming the contract's
 * error). Blocking: the command line's own thread.
 */
public final class PayoutAccount implements AutoCloseable {

    /** An amount of a token, in its smallest unit, with what it takes to show it. */
    public record TokenBalance(BigInteger units, String symbol, int decimals) {
    }

    /** A mined withdrawal. */
    public record Withdrawal(String txHash, long block) {
    }

    private final Wallet wallet;

    private PayoutAccount(Wallet wallet) {
        this.wallet = wallet;
    }

    /**
     * @throws ChainTransactionException when the node cannot be reached
     */
    public static PayoutAccount open(String rpcUrl, SigningKey key) {
        return new PayoutAccount(Wallet.open(rpcUrl, key));
    }

    public String address() {
        return wallet.address();
    }

    /** The chain the node reports. */
    public long chainId() {
        return wallet.chainId();
    }

    /** What the escrow holds for this account, in the escrow's token. */
    public TokenBalance escrowBalance(String escrow, String token) {
        return call(() -> {
            ShoalTestToken tokenContract = wallet.contract(ShoalTestToken::load, token);
            return new TokenBalance(wallet.contract(StorageEscrow::load, escrow).balanceOf(address()).send(),
                    tokenContract.symbol().send(), tokenContract.decimals().send().intValueExact());
        });
    }

    public Withdrawal withdrawFromEscrow(String escrow, BigInteger units) {
        return call(() -> mined(wallet.contract(StorageEscrow::load, escrow).withdraw(units).send()));
    }

    public Withdrawal withdrawTips(String tipSplitter, BigInteger wei) {
        return call(() -> mined(wallet.contract(TipSplitter::load, tipSplitter).withdraw(wei).send()));
    }

    private static Withdrawal mined(TransactionReceipt receipt) {
        return new Withdrawal(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
    }

    private interface ChainCall<T> {
        T call() throws Exception;
    }

    /** web3j's calls declare Exception: what is not already the sender's own failure is the node's (or a contract that is not there). */
    private static <T> T call(ChainCall<T> call) {
        try {
            return call.call();
        } catch (ChainTransactionException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainTransactionException("the chain node failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        wallet.close();
    }
}
