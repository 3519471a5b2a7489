package dev.shoal.contracts.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A journal for one run of a command line: the hash is still recorded before the receipt is awaited (and the
 * sender's rules hold), but nothing survives the process, which waits for its own transactions anyway.
 */
public final class InMemoryTransactionJournal implements TransactionJournal {

    private final Map<UUID, JournaledTransaction> byId = new LinkedHashMap<>();

    @Override
    public synchronized Optional<JournaledTransaction> find(String idempotencyKey) {
        return byId.values().stream().filter(tx -> tx.idempotencyKey().equals(idempotencyKey)).findFirst();
    }

    @Override
    public synchronized void insert(JournaledTransaction tx) {
        if (find(tx.idempotencyKey()).isPresent()) {
            throw new KeyTaken("idempotency key " + tx.idempotencyKey() + " is journaled already", null);
        }
        if (byId.values().stream().anyMatch(other -> other.sender().equals(tx.sender()) && other.nonce() == tx.nonce())) {
            throw new NonceTaken("nonce " + tx.nonce() + " of " + tx.sender() + " is journaled already", null);
        }
        byId.put(tx.id(), tx);
    }

    @Override
    public synchronized void markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
        byId.computeIfPresent(id, (key, tx) -> new JournaledTransaction(tx.id(), tx.purpose(), tx.idempotencyKey(), tx.sender(), tx.nonce(),
                tx.txHash(), tx.rawTx(), success ? Status.CONFIRMED : Status.REVERTED, blockNumber, gasUsed, contractAddress, error));
    }

    @Override
    public synchronized void markFailed(UUID id, String error) {
        byId.computeIfPresent(id, (key, tx) -> new JournaledTransaction(tx.id(), tx.purpose(), tx.idempotencyKey(), tx.sender(), tx.nonce(),
                tx.txHash(), tx.rawTx(), Status.FAILED, null, null, null, error));
    }

    @Override
    public synchronized void deleteFailed(UUID id) {
        byId.computeIfPresent(id, (key, tx) -> tx.status() == Status.FAILED ? null : tx);
    }

    @Override
    public synchronized List<JournaledTransaction> pending() {
        return byId.values().stream().filter(tx -> tx.status() == Status.PENDING)
                .sorted(Comparator.comparing(JournaledTransaction::sender).thenComparingLong(JournaledTransaction::nonce)).toList();
    }

    @Override
    public synchronized Optional<Long> highestPendingNonce(String sender) {
        return byId.values().stream().filter(tx -> tx.status() == Status.PENDING && tx.sender().equals(sender))
                .map(JournaledTransaction::nonce).max(Long::compare);
    }
}
