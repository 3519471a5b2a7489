package dev.shoal.marketplace.deal;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DealTransitionRepository implements PanacheRepositoryBase<DealTransition, Long> {

    public Uni<List<DealTransition>> ofDeal(UUID dealId) {
        return list("dealId = ?1 order by id", dealId);
    }
}
