package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.ChainSender;
import dev.shoal.contracts.chain.TransactionJournal;
import dev.shoal.marketplace.chain.JournaledTransaction.Status;
import io.smallrye.mutiny.Uni;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The marketplace's transactions: the one {@link ChainSender} (signing and nonces, gas, receipts), journaling in the
 * {@code chain_transaction} table, which all instances share, so an idempotency key sends once across instances and a
 * restarted instance resumes what was in flight ({@link #resumePending()}). The {@link Uni} methods run the blocking
 * sender on the worker executor; the blocking ones are for callers already on a worker.
 */
public class ChainTransactions {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final ChainSender sender;
    private final Executor worker;

    public ChainTransactions(ChainSender sender, Executor worker) {
        this.sender = sender;
        this.worker = worker;
    }

    /** Calls {@code to} with {@code data} (or creates a contract when {@code to} is null), once per idempotency key. */
    public Uni<ChainReceipt> submit(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        return Uni.createFrom().item(() -> submitBlocking(key, purpose, idempotencyKey, to, data, value)).runSubscriptionOn(worker);
    }

    public ChainReceipt submitBlocking(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        try {
            return receipt(sender.send(key, purpose, idempotencyKey, to, data, value));
        } catch (dev.shoal.contracts.chain.ChainTransactionException e) {
            throw failure(e);
        }
    }

    /** Confirms every journaled transaction still pending (at start, after a crash); returns how many. */
    public Uni<Integer> resumePending() {
        return Uni.createFrom().item(sender::resumePending).runSubscriptionOn(worker);
    }

    /** Signs, journals and broadcasts, without waiting for the receipt (a restart in between is what resume is for). */
    JournaledTransaction journalAndBroadcast(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        try {
            return Journal.toRow(sender.journalAndBroadcast(key, purpose, idempotencyKey, to, data, value));
        } catch (dev.shoal.contracts.chain.ChainTransactionException e) {
            throw failure(e);
        }
    }

    public Web3j web3j() {
        return sender.web3j();
    }

    public long chainId() {
        return sender.chainId();
    }

    private static ChainReceipt receipt(dev.shoal.contracts.chain.ChainReceipt r) {
        return new ChainReceipt(r.txHash(), r.nonce(), r.blockNumber(), r.gasUsed(), r.contractAddress());
    }

    private static ChainTransactionException failure(dev.shoal.contracts.chain.ChainTransactionException e) {
        ChainTransactionException failure = e.getCause() != null
                ? new ChainTransactionException(e.getMessage(), e.getCause())
                : new ChainTransactionException(e.getMessage(), e.errorName().orElse(null), e.txHash().orElse(null));
        failure.setStackTrace(e.getStackTrace());
        return failure;
    }

    /** The sender's journal on the chain_transaction table: constraint violations become the sender's own signals. */
    static final class Journal implements TransactionJournal {

        private final ChainTransactionJournal table;

        Journal(ChainTransactionJournal table) {
            this.table = table;
        }

        @Override
        public Optional<dev.shoal.contracts.chain.JournaledTransaction> find(String idempotencyKey) {
            return await(table.find(idempotencyKey)).map(Journal::toEntry);
        }

        @Override
        public void insert(dev.shoal.contracts.chain.JournaledTransaction tx) {
            try {
                await(table.insert(toRow(tx)));
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                if (why.contains("chain_transaction_idempotency_key")) {
                    throw new KeyTaken(why, e);
                }
                if (why.contains("chain_transaction_sender_nonce")) {
                    throw new NonceTaken(why, e);
                }
                throw e;
            }
        }

        @Override
        public void markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
            await(table.markMined(id, success, blockNumber, gasUsed, contractAddress, error));
        }

        @Override
        public void markFailed(UUID id, String error) {
            await(table.markFailed(id, error));
        }

        @Override
        public void deleteFailed(UUID id) {
            await(table.deleteFailed(id));
        }

        @Override
        public List<dev.shoal.contracts.chain.JournaledTransaction> pending() {
            return await(table.pending()).stream().map(Journal::toEntry).toList();
        }

        @Override
        public Optional<Long> highestPendingNonce(String sender) {
            return await(table.highestNonce(sender));
        }

        static JournaledTransaction toRow(dev.shoal.contracts.chain.JournaledTransaction tx) {
            return new JournaledTransaction(tx.id(), tx.purpose(), tx.idempotencyKey(), tx.sender(), tx.nonce(), tx.txHash(), tx.rawTx(),
                    Status.valueOf(tx.status().name()), tx.blockNumber(), tx.gasUsed(), tx.contractAddress(), tx.error());
        }

        static dev.shoal.contracts.chain.JournaledTransaction toEntry(JournaledTransaction row) {
            return new dev.shoal.contracts.chain.JournaledTransaction(row.id(), row.purpose(), row.idempotencyKey(), row.sender(),
                    row.nonce(), row.txHash(), row.rawTx(), dev.shoal.contracts.chain.JournaledTransaction.Status.valueOf(row.status().name()),
                    row.blockNumber(), row.gasUsed(), row.contractAddress(), row.error());
        }

        private static <T> T await(Uni<T> uni) {
            return uni.await().atMost(DB_TIMEOUT);
        }
    }
}
