package dev.shoal.contracts.chain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the sender records each signed transaction before it broadcasts it, and its outcome once mined, so
 * that the hash is known before any wait and a restarted process can confirm what was in flight. The
 * marketplace's journal is its {@code chain_transaction} table, shared by its instances; a command line's
 * lives in memory for one run ({@link InMemoryTransactionJournal}). Methods may block: the sender calls them
 * on its own (worker) thread.
 */
public interface TransactionJournal {

    /** The transaction journaled under this idempotency key, in whatever state. */
    Optional<JournaledTransaction> find(String idempotencyKey);

    /**
     * Records a PENDING transaction.
     *
     * @throws KeyTaken   when a transaction with this idempotency key is journaled already (another process won the race)
     * @throws NonceTaken when a transaction of this sender with this nonce is journaled already
     */
    void insert(JournaledTransaction tx);

    void markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error);

    void markFailed(UUID id, String error);

    /** Forgets a FAILED transaction (it never reached the chain), so its idempotency key can be used again. */
    void deleteFailed(UUID id);

    /** Every PENDING transaction, by sender and nonce. */
    List<JournaledTransaction> pending();

    /** The highest nonce of the sender's PENDING transactions (the node may not know them yet). */
    Optional<Long> highestPendingNonce(String sender);

    /** The idempotency key is journaled already. */
    final class KeyTaken extends RuntimeException {
        public KeyTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The sender's nonce is journaled already. */
    final class NonceTaken extends RuntimeException {
        public NonceTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
