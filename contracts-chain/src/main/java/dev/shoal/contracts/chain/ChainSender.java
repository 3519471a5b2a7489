package dev.shoal.contracts.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Contract;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way Shoal sends a transaction, for any number of keys, with web3j's three strategies kept apart:
 * signing and nonces ({@link #transactionManager}: this sender allocates each key's nonces itself, one lock per
 * key, so concurrent sends never share a nonce), gas ({@link GasPolicy}) and receipts (a
 * {@link TransactionReceiptProcessor}). Each transaction is signed, then recorded in the {@link TransactionJournal}
 * (hash, nonce, bytes) BEFORE it is broadcast, then its receipt is awaited. A revert is a
 * {@link ChainTransactionException} naming the contract's error, never a status to check.
 *
 * <p>A send carries an idempotency key: sending a key again returns the journaled transaction's outcome (waiting
 * for it if pending) instead of a second transaction. {@link #resumePending()} after a restart confirms what was in
 * flight, broadcasting the identical bytes again if the node lost them.
 *
 * <p>Every method blocks (web3j's HTTP calls, receipt polling, the journal): call them from a worker thread, never
 * from an event loop. The generated wrappers send through it when loaded with {@link #contract}.
 */
public final class ChainSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChainSender.class.getName());

    /** Receipts are polled every 200 ms for up to 30 s (web3j's default waits 15 s between polls). */
    public static final long RECEIPT_POLL_MILLIS = 200;
    public static final int RECEIPT_POLL_ATTEMPTS = 150;

    private final Web3j web3j;
    private final long chainId;
    private final TransactionJournal journal;
    private final GasPolicy gas;
    private final TransactionReceiptProcessor receipts;
    private final AbiCatalogue abi;
    private final boolean ownsClient;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Long> nextNonce = new ConcurrentHashMap<>();

    public ChainSender(Web3j web3j, long chainId, TransactionJournal journal, GasPolicy gas,
                       TransactionReceiptProcessor receipts, AbiCatalogue abi) {
        this(web3j, chainId, journal, gas, receipts, abi, false);
    }

    private ChainSender(Web3j web3j, long chainId, TransactionJournal journal, GasPolicy gas,
                        TransactionReceiptProcessor receipts, AbiCatalogue abi, boolean ownsClient) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.journal = journal;
        this.gas = gas;
        this.receipts = receipts;
        this.abi = abi;
        this.ownsClient = ownsClient;
    }

    /** The usual strategies on a client the caller keeps: {@link GasPolicy}, receipts polled every 200 ms for 30 s. */
    public static ChainSender create(Web3j web3j, long chainId, TransactionJournal journal, AbiCatalogue abi) {
        return new ChainSender(web3j, chainId, journal, new GasPolicy(web3j, chainId, abi),
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS), abi, false);
    }

    /**
     * A sender of its own on the node at {@code rpcUrl} (the chain id is the node's), journaling in memory: what a
     * command line needs for one run. {@link #close()} shuts its client down.
     *
     * @throws ChainTransactionException when the node cannot be reached
     */
    public static ChainSender connect(String rpcUrl) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            AbiCatalogue abi = new AbiCatalogue();
            return new ChainSender(web3j, chainId, new InMemoryTransactionJournal(), new GasPolicy(web3j, chainId, abi),
                    new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS), abi, true);
        } catch (IOException | RuntimeException e) {
            web3j.shutdown();
            throw new ChainTransactionException("the chain node at " + rpcUrl + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** Calls {@code to} with {@code data} (or creates a contract when {@code to} is null), once per idempotency key. */
    public ChainReceipt send(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        return outcome(journalAndBroadcast(key, purpose, idempotencyKey, to, data, value));
    }

    /** Signs, journals and broadcasts, without waiting for the receipt (a restart in between is what resume is for). */
    public JournaledTransaction journalAndBroadcast(Credentials key, String purpose, String idempotencyKey, String to, String data,
                                                    BigInteger value) {
        return journalAndBroadcast(key, purpose, idempotencyKey, to, data, value, null, null);
    }

    /** As above with the gas limit and fees given (by a wrapper that asked the same {@link GasPolicy}), or null to ask it here. */
    JournaledTransaction journalAndBroadcast(Credentials key, String purpose, String idempotencyKey, String to, String data,
                                             BigInteger value, BigInteger gasLimit, GasPolicy.Fees fees) {
        String sender = key.getAddress().toLowerCase(Locale.ROOT);
        synchronized (locks.computeIfAbsent(sender, s -> new Object())) {
            Optional<JournaledTransaction> existing = journal.find(idempotencyKey);
            if (existing.isPresent() && existing.get().status() != Status.FAILED) {
                return existing.get();
            }
            existing.ifPresent(failed -> journal.deleteFailed(failed.id()));
            try {
                BigInteger limit = gasLimit != null ? gasLimit : GasPolicy.limit(gas.estimate(purpose, sender, to, data, value));
                GasPolicy.Fees caps = fees != null ? fees : gas.fees();
                for (int attempt = 1; ; attempt++) {
                    long nonce = allocateNonce(sender);
                    RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), limit,
                            to == null ? "" : to, value, data, caps.maxPriorityFeePerGas(), caps.maxFeePerGas());
                    String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, key));
                    JournaledTransaction tx = new JournaledTransaction(UUID.randomUUID(), purpose, idempotencyKey, sender, nonce,
                            Hash.sha3(signed), signed, Status.PENDING, null, null, null, null);
                    try {
                        journal.insert(tx);
                    } catch (TransactionJournal.KeyTaken e) {
                        return journal.find(idempotencyKey).orElseThrow(() -> e); // another instance won the race
                    } catch (TransactionJournal.NonceTaken e) {
                        nextNonce.remove(sender); // another instance used this key: count again
                        if (attempt < 3) {
                            continue;
                        }
                        throw new ChainTransactionException("no free nonce for " + purpose + " from " + sender + ": " + e.getMessage(), e);
                    }
                    nextNonce.put(sender, nonce + 1);
                    try {
                        broadcast(tx);
                        return tx;
                    } catch (NonceTooLow e) {
                        // another process used this key: the refused transaction never existed; sign again with a fresh nonce
                        journal.deleteFailed(tx.id());
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

    /**
     * Forgets the nonces counted so far: the next send of each key counts again from the chain's pending count and the
     * journal. For a process that becomes its keys' one signer again (a lease taken over from another instance).
     */
    public void forgetNonces() {
        nextNonce.clear();
    }

    /** The node already counts a transaction of this sender with our nonce (not ours). */
    private static final class NonceTooLow extends RuntimeException {
        NonceTooLow(String message) {
            super(message);
        }
    }

    private long allocateNonce(String sender) throws IOException {
        Long cached = nextNonce.get(sender);
        if (cached != null) {
            return cached;
        }
        long onChain = web3j.ethGetTransactionCount(sender, DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
        long journaled = journal.highestPendingNonce(sender).map(n -> n + 1).orElse(0L);
        return Math.max(onChain, journaled);
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
        journal.markFailed(tx.id(), message);
        nextNonce.remove(tx.sender());
        if (message != null && message.toLowerCase(Locale.ROOT).contains("nonce too low")) {
            throw new NonceTooLow(message);
        }
        throw new ChainTransactionException("the node refused " + tx.purpose() + ": " + message, null, tx.txHash());
    }

    /** What became of a journaled transaction: its receipt once mined (waiting if it is pending), or the exception it ended in. */
    public ChainReceipt outcome(JournaledTransaction tx) {
        return switch (tx.status()) {
            case CONFIRMED -> new ChainReceipt(tx.txHash(), tx.nonce(), tx.blockNumber(), tx.gasUsed(), Optional.ofNullable(tx.contractAddress()));
            case REVERTED -> throw new ChainTransactionException(tx.purpose() + " reverted: " + tx.error(), errorNameOf(tx.error()), tx.txHash());
            case FAILED -> throw new ChainTransactionException(tx.purpose() + " never reached the chain: " + tx.error(), null, tx.txHash());
            case PENDING -> {
                TransactionReceipt receipt = awaitReceipt(tx);
                yield new ChainReceipt(tx.txHash(), tx.nonce(), receipt.getBlockNumber().longValueExact(),
                        receipt.getGasUsed().longValueExact(), Optional.ofNullable(receipt.getContractAddress()));
            }
        };
    }

    /** Confirms every journaled transaction still pending (at start, after a crash); returns how many there were. */
    public int resumePending() {
        List<JournaledTransaction> pending = journal.pending();
        for (JournaledTransaction tx : pending) {
            try {
                outcome(tx);
                LOG.log(Level.INFO, "resumed {0} {1}: confirmed", tx.purpose(), tx.txHash());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "resumed {0} {1}: {2}", tx.purpose(), tx.txHash(), e.getMessage());
            }
        }
        return pending.size();
    }

    /** Waits for the receipt of a PENDING transaction and journals it; a revert is an exception naming the contract's error. */
    TransactionReceipt awaitReceipt(JournaledTransaction tx) {
        try {
            TransactionReceipt receipt;
            try {
                receipt = receipts.waitForTransactionReceipt(tx.txHash());
            } catch (TransactionException notYet) {
                LOG.log(Level.WARNING, "{0} {1} not mined yet: broadcasting the same bytes again", tx.purpose(), tx.txHash());
                broadcast(tx);
                receipt = receipts.waitForTransactionReceipt(tx.txHash());
            }
            boolean ok = receipt.isStatusOK();
            String error = ok ? null : revertReason(tx, receipt.getBlockNumber());
            journal.markMined(tx.id(), ok, receipt.getBlockNumber().longValueExact(), receipt.getGasUsed().longValueExact(),
                    receipt.getContractAddress(), error);
            if (!ok) {
                throw new ChainTransactionException(tx.purpose() + " reverted: " + error, errorNameOf(error), tx.txHash());
            }
            return receipt;
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
            String data = GasPolicy.revertData(call.getError());
            return abi.describeError(data).orElse(call.getError().getMessage());
        }
        return "status 0 (no reason on replay)";
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

    // ---- the generated wrappers

    /** How a generated wrapper is loaded: its static {@code load}, e.g. {@code StorageEscrow::load}. */
    @FunctionalInterface
    public interface Loader<C extends Contract> {
        C load(String address, Web3j web3j, TransactionManager transactionManager, ContractGasProvider gasProvider);
    }

    /** The signing and nonce strategy for {@code key}, for a generated wrapper: it sends through this sender. */
    public TransactionManager transactionManager(Credentials key) {
        return new JournalingTransactionManager(this, key);
    }

    /** The contract at {@code address}, its transactions signed with {@code key} and sent through this sender. */
    public <C extends Contract> C contract(Loader<C> loader, String address, Credentials key) {
        return loader.load(address, web3j, transactionManager(key), gas);
    }

    /** The contract at {@code address} for reading and encoding only: it cannot send. */
    public <C extends Contract> C view(Loader<C> loader, String address) {
        return loader.load(address, web3j, new ReadonlyTransactionManager(web3j, address), gas);
    }

    /** The name a transaction's call data gives it in the journal, e.g. {@code withdraw}. */
    String purposeOf(String data, boolean creation) {
        return creation ? "deploy" : abi.functionName(data).orElse("call " + (data == null || data.length() < 10 ? "" : data.substring(0, 10)));
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    public GasPolicy gas() {
        return gas;
    }

    public AbiCatalogue abi() {
        return abi;
    }

    /** Shuts the client down if this sender made it ({@link #connect}); a client given to it stays its owner's. */
    @Override
    public void close() {
        if (ownsClient) {
            web3j.shutdown();
        }
    }
}
