package dev.shoal.marketplace.settlement;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class SettlementBatchRepository implements PanacheRepositoryBase<SettlementBatch, String> {

    /** Batches stored but not yet confirmed or reverted, in the order they were planned. */
    @WithSession
    public Uni<List<SettlementBatch>> planned() {
        return list("status = ?1 order by createdAt, idempotencyKey", SettlementBatch.Status.PLANNED);
    }

    /** How many batches a round has, so new ones continue its numbering. */
    @WithSession
    public Uni<Long> countOfRound(long round) {
        return count("round", round);
    }
}
