package dev.shoal.marketplace.chain;

import dev.shoal.marketplace.chain.JournaledTransaction.Status;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The transaction strategy of the marketplace: signs with a key, allocates that key's nonces itself
 * (one lock per key, so concurrent submissions never share a nonce), journals the signed transaction
 * (hash, nonce, bytes) BEFORE broadcasting it, then waits for the receipt with the receipt processor.
 * A submission carries an idempotency key: submitting a key again returns the journaled transaction's
 * outcome (waiting for it if pending) instead of sending a second one. {@link #resumePending()} after a
 * restart confirms what was in flight, rebroadcasting the identical bytes if the node lost them.
 *
 * <p>Everything blocking (web3j's HTTP calls, receipt polling, awaiting the journal) runs on the worker
 * executor behind the {@link Uni} methods; the blocking methods are for callers already on a worker.
 */
public class ChainTransactions {

    private static final Logger LOG = Logger.getLogger(ChainTransactions.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Web3j web3j;
    private final long chainId;
    private final ChainTransactionJournal journal;
    private final GasPolicy gas;
    private final TransactionReceiptProcessor receipts;
    private final AbiCatalogue abi;
    private final Executor worker;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Long> nextNonce = new ConcurrentHashMap<>();

    public ChainTransactions(Web3j web3j, long chainId, ChainTransactionJournal journal, GasPolicy gas,
                             TransactionReceiptProcessor receipts, AbiCatalogue abi, Executor worker) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.journal = journal;
        this.gas = gas;
        this.receipts = receipts;
        this.abi = abi;
        this.worker = worker;
    }

    /** Calls {@code to} with {@code data} (or creates a contract when {@code to} is null), once per idempotency key. */
    public Uni<ChainReceipt> submit(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        return Uni.createFrom().item(() -> submitBlocking(key, purpose, idempotencyKey, to, data, value)).runSubscriptionOn(worker);
    }

    public ChainReceipt submitBlocking(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        return outcome(journalAndBroadcast(key, purpose, idempotencyKey, to, data, value));
    }

    /** Confirms every journaled transaction still pending (at start, after a crash); returns how many. */
    public Uni<Integer> resumePending() {
        return Uni.createFrom().item(() -> {
            List<JournaledTransaction> pending = await(journal.pending());
            for (JournaledTransaction tx : pending) {
                try {
                    outcome(tx);
                    LOG.infof("resumed %s %s: confirmed", tx.purpose(), tx.txHash());
                } catch (RuntimeException e) {
                    LOG.warnf("resumed %s %s: %s", tx.purpose(), tx.txHash(), e.getMessage());
                }
            }
            return pending.size();
        }).runSubscriptionOn(worker);
    }

    /** Signs, journals and broadcasts, without waiting for the receipt (a restart in between is what resume is for). */
    JournaledTransaction journalAndBroadcast(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        String sender = key.getAddress().toLowerCase(Locale.ROOT);
        synchronized (locks.computeIfAbsent(sender, s -> new Object())) {
            Optional<JournaledTransaction> existing = await(journal.find(idempotencyKey));
            if (existing.isPresent() && existing.get().status() != Status.FAILED) {
                return existing.get();
            }
            existing.ifPresent(failed -> await(journal.deleteFailed(failed.id())));
            try {
                BigInteger limit = gas.gasLimit(estimate(sender, purpose, to, data, value));
                GasPolicy.Fees fees = gas.fees(web3j);
                for (int attempt = 1; ; attempt++) {
                    long nonce = allocateNonce(sender);
                    RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), limit,
                            to == null ? "" : to, value, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
                    String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, key));
                    JournaledTransaction tx = new JournaledTransaction(UUID.randomUUID(), purpose, idempotencyKey, sender, nonce,
                            Hash.sha3(signed), signed, Status.PENDING, null, null, null, null);
                    try {
                        await(journal.insert(tx));
                    } catch (RuntimeException e) {
                        String why = String.valueOf(e.getMessage());
                        if (why.contains("chain_transaction_idempotency_key")) {
                            return await(journal.find(idempotencyKey)).orElseThrow(() -> e); // another instance won the race
                        }
                        if (why.contains("chain_transaction_sender_nonce") && attempt < 3) {
                            nextNonce.remove(sender); // another instance used this key: count again
                            continue;
                        }
                        throw e;
                    }
                    nextNonce.put(sender, nonce + 1);
                    try {
                        broadcast(tx);
                        return tx;
                    } catch (NonceTaken e) {
                        // another process used this key: the refused transaction never existed; sign again with a fresh nonce
                        await(journal.deleteFailed(tx.id()));
                        if (attempt == 3) {
                            throw new ChainTransactionException("the node refused " + purpose + ": " + e.getMessage(), null, tx.txHash());
                        }
                    }
                }
            } catch (IOException e) {
                throw new ChainTransactionException("chain node unreachable for " + purpose + ": " + e.getMessage(), e);
            }
        }
    }

    /** The node already counts a transaction of this sender with our nonce (not ours). */
    private static final class NonceTaken extends RuntimeException {
        NonceTaken(String message) {
            super(message);
        }
    }

    private long allocateNonce(String sender) throws IOException {
        Long cached = nextNonce.get(sender);
        if (cached != null) {
            return cached;
        }
        long onChain = web3j.ethGetTransactionCount(sender, DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
        long journaled = await(journal.highestNonce(sender)).map(n -> n + 1).orElse(0L);
        return Math.max(onChain, journaled);
    }

    private BigInteger estimate(String sender, String purpose, String to, String data, BigInteger value) throws IOException {
        Transaction call = to == null
                ? Transaction.createContractTransaction(sender, null, null, null, value, data)
                : Transaction.createFunctionCallTransaction(sender, null, null, null, to, value, data);
        EthEstimateGas estimate = web3j.ethEstimateGas(call).send();
        if (estimate.hasError()) {
            throw reverted(purpose, estimate.getError(), null);
        }
        return estimate.getAmountUsed();
    }

    private void broadcast(JournaledTransaction tx) throws IOException {
        EthSendTransaction sent = web3j.ethSendRawTransaction(tx.rawTx()).send();
        if (!sent.hasError()) {
            return;
        }
        String message = sent.getError().getMessage();
        if (message != null && message.toLowerCase(Locale.ROOT).contains("already")) {
            return; // the node has these very bytes already
        }
        if (web3j.ethGetTransactionReceipt(tx.txHash()).send().getTransactionReceipt().isPresent()) {
            return; // mined before we (re)broadcast
        }
        await(journal.markFailed(tx.id(), message));
        nextNonce.remove(tx.sender());
        if (message != null && message.toLowerCase(Locale.ROOT).contains("nonce too low")) {
            throw new NonceTaken(message);
        }
        throw new ChainTransactionException("the node refused " + tx.purpose() + ": " + message, null, tx.txHash());
    }

    private ChainReceipt outcome(JournaledTransaction tx) {
        return switch (tx.status()) {
            case CONFIRMED -> new ChainReceipt(tx.txHash(), tx.nonce(), tx.blockNumber(), tx.gasUsed(), Optional.ofNullable(tx.contractAddress()));
            case REVERTED -> throw new ChainTransactionException(tx.purpose() + " reverted: " + tx.error(), errorNameOf(tx.error()), tx.txHash());
            case FAILED -> throw new ChainTransactionException(tx.purpose() + " never reached the chain: " + tx.error(), null, tx.txHash());
            case PENDING -> awaitReceipt(tx);
        };
    }

    private ChainReceipt awaitReceipt(JournaledTransaction tx) {
        try {
            TransactionReceipt receipt;
            try {
                receipt = receipts.waitForTransactionReceipt(tx.txHash());
            } catch (TransactionException notYet) {
                LOG.warnf("%s %s not mined yet: broadcasting the same bytes again", tx.purpose(), tx.txHash());
                broadcast(tx);
                receipt = receipts.waitForTransactionReceipt(tx.txHash());
            }
            boolean ok = receipt.isStatusOK();
            String error = ok ? null : revertReason(tx, receipt.getBlockNumber());
            await(journal.markMined(tx.id(), ok, receipt.getBlockNumber().longValueExact(), receipt.getGasUsed().longValueExact(),
                    receipt.getContractAddress(), error));
            if (!ok) {
                throw new ChainTransactionException(tx.purpose() + " reverted: " + error, errorNameOf(error), tx.txHash());
            }
            return new ChainReceipt(tx.txHash(), tx.nonce(), receipt.getBlockNumber().longValueExact(),
                    receipt.getGasUsed().longValueExact(), Optional.ofNullable(receipt.getContractAddress()));
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while waiting for " + tx.txHash(), e);
        } catch (TransactionException e) {
            throw new ChainTransactionException(tx.purpose() + " " + tx.txHash() + " was not mined: " + e.getMessage(), null, tx.txHash());
        }
    }

    /** Replays a mined, reverted transaction as a call on the state before its block, to name the error. */
    private String revertReason(JournaledTransaction tx, BigInteger block) throws IOException {
        RawTransaction raw = TransactionDecoder.decode(tx.rawTx());
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(tx.sender(), raw.getTo(), raw.getData()),
                DefaultBlockParameter.valueOf(block.subtract(BigInteger.ONE))).send();
        if (call.hasError()) {
            String data = revertData(call.getError());
            return abi.describeError(data).orElse(call.getError().getMessage());
        }
        return "status 0 (no reason on replay)";
    }

    private ChainTransactionException reverted(String purpose, Response.Error error, String txHash) {
        String data = revertData(error);
        String described = abi.describeError(data).orElse(error.getMessage());
        return new ChainTransactionException(purpose + " reverted: " + described, abi.errorName(data).orElse(null), txHash);
    }

    private static String revertData(Response.Error error) {
        return error.getData() == null ? null : error.getData().replace("\"", "").trim();
    }

    private static String errorNameOf(String error) {
        if (error == null) {
            return null;
        }
        int paren = error.indexOf('(');
        int colon = error.lastIndexOf(": ", paren < 0 ? error.length() : paren);
        String name = error.substring(colon < 0 ? 0 : colon + 2, paren < 0 ? error.length() : paren).trim();
        return name.matches("[A-Za-z0-9_]+") ? name : null;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(DB_TIMEOUT);
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }
}
