package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;
import dev.shoal.contracts.chain.JournaledTransaction;
import dev.shoal.service.reactive.OwnContext;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chain_transaction table as the transaction sender uses it. The sender works on worker threads and waits,
 * so every call here is a unit of work on a Vert.x context of its own ({@link OwnContext}): callable from any thread.
 * A refused write fails with every cause's message, so the sender can tell which unique constraint it hit.
 */
@ApplicationScoped
public class ChainTransactionJournal {

    private final ChainTransactionRepository transactions;
    private final OwnContext own;
    private final Clock clock;

    public ChainTransactionJournal(ChainTransactionRepository transactions, OwnContext own, Clock clock) {
        this.transactions = transactions;
        this.own = own;
        this.clock = clock;
    }

    public Uni<Optional<JournaledTransaction>> find(String idempotencyKey) {
        return own.run(() -> transactions.byIdempotencyKey(idempotencyKey)).map(tx -> Optional.ofNullable(tx).map(ChainTransaction::journaled));
    }

    public Uni<Void> insert(JournaledTransaction tx) {
        return own.run(() -> store(tx)).onFailure().transform(ChainTransactionJournal::described);
    }

    public Uni<Void> markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
        return own.run(() -> mined(id, success, blockNumber, gasUsed, contractAddress, error));
    }

    public Uni<Void> markFailed(UUID id, String error) {
        return own.run(() -> failed(id, error));
    }

    /** Forgets a transaction that never reached the chain, so its key can be used again. */
    public Uni<Void> deleteFailed(UUID id) {
        return own.run(() -> forget(id));
    }

    public Uni<List<JournaledTransaction>> pending() {
        return own.run(transactions::pending).map(rows -> rows.stream().map(ChainTransaction::journaled).toList());
    }

    /** The highest nonce of a sender's transactions not yet seen mined (the node may not know them yet). */
    public Uni<Optional<Long>> highestNonce(String sender) {
        return own.run(() -> transactions.highestPendingNonce(sender)).map(Optional::ofNullable);
    }

    @WithTransaction
    Uni<Void> store(JournaledTransaction tx) {
        return transactions.persist(ChainTransaction.of(tx, OffsetDateTime.now(clock))).replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> mined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
        return transactions.findById(id).invoke(tx -> {
            tx.status = success ? Status.CONFIRMED : Status.REVERTED;
            tx.blockNumber = blockNumber;
            tx.gasUsed = gasUsed;
            tx.contractAddress = contractAddress;
            tx.error = error;
            tx.confirmedAt = OffsetDateTime.now(clock);
        }).replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> failed(UUID id, String error) {
        return transactions.findById(id).invoke(tx -> {
            tx.status = Status.FAILED;
            tx.error = error;
        }).replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> forget(UUID id) {
        return transactions.delete("id = ?1 and status = ?2", id, Status.FAILED).replaceWithVoid();
    }

    private static RuntimeException described(Throwable failure) {
        StringBuilder why = new StringBuilder("journaling the transaction failed");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            why.append(": ").append(t.getMessage());
        }
        return new IllegalStateException(why.toString(), failure);
    }
}
