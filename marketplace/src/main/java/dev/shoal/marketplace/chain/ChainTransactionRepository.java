package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ChainTransactionRepository implements PanacheRepositoryBase<ChainTransaction, UUID> {

    @WithSession
    public Uni<ChainTransaction> byIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResult();
    }

    /** Transactions not seen mined yet, by sender and nonce. */
    @WithSession
    public Uni<List<ChainTransaction>> pending() {
        return list("status = ?1 order by sender, nonce", Status.PENDING);
    }

    /** The highest nonce of a sender's transactions not yet seen mined, or null. */
    @WithSession
    public Uni<Long> highestPendingNonce(String sender) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select max(t.nonce) from ChainTransaction t where t.sender = :sender and t.status = :pending", Long.class)
                .setParameter("sender", sender).setParameter("pending", Status.PENDING)
                .getSingleResultOrNull());
    }
}
