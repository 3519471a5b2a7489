package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainSender;
import dev.shoal.contracts.chain.JournaledTransaction;
import dev.shoal.contracts.chain.TransactionJournal;
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
        return sender.send(key, purpose, idempotencyKey, to, data, value);
    }

    /** Counts each key's nonces again from the chain and the journal (this instance became their signer again). */
    public void forgetNonces() {
        sender.forgetNonces();
    }

    /** Confirms every journaled transaction still pending (at start, after a crash); returns how many. */
    public Uni<Integer> resumePending() {
        return Uni.createFrom().item(sender::resumePending).runSubscriptionOn(worker);
    }

    /** Signs, journals and broadcasts, without waiting for the receipt (a restart in between is what resume is for). */
    JournaledTransaction journalAndBroadcast(Credentials key, String purpose, String idempotencyKey, String to, String data, BigInteger value) {
        return sender.journalAndBroadcast(key, purpose, idempotencyKey, to, data, value);
    }

    public Web3j web3j() {
        return sender.web3j();
    }

    public long chainId() {
        return sender.chainId();
    }



    /** The sender's journal on the chain_transaction table: constraint violations become the sender's own signals. */
    static final class Journal implements TransactionJournal {

        private final ChainTransactionJournal table;

        Journal(ChainTransactionJournal table) {
            this.table = table;
        }

        @Override
        public Optional<JournaledTransaction> find(String idempotencyKey) {
            return await(table.find(idempotencyKey));
        }

        @Override
        public void insert(JournaledTransaction tx) {
            try {
                await(table.insert(tx));
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
        public List<JournaledTransaction> pending() {
            return await(table.pending()).stream().toList();
        }

        @Override
        public Optional<Long> highestPendingNonce(String sender) {
            return await(table.highestNonce(sender));
        }



        private static <T> T await(Uni<T> uni) {
            return uni.await().atMost(DB_TIMEOUT);
        }
    }
}
