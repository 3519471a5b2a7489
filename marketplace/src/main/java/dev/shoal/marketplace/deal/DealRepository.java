package dev.shoal.marketplace.deal;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DealRepository implements PanacheRepositoryBase<Deal, UUID> {

    public Uni<List<Deal>> ofOrder(UUID orderId) {
        return list("orderId = ?1 order by createdAt", orderId);
    }

    public Uni<List<Deal>> liveOfOrder(UUID orderId) {
        return list("orderId = ?1 and state in ?2", orderId, DealState.LIVE);
    }

    public Uni<List<Deal>> liveOfAgent(String agent) {
        return list("agent = ?1 and state in ?2", agent, DealState.LIVE);
    }

    public Uni<List<Deal>> byState(DealState state) {
        return list("state", state);
    }
}
