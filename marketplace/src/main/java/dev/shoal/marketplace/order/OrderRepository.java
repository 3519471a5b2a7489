package dev.shoal.marketplace.order;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<StorageOrder, UUID> {

    public Uni<List<StorageOrder>> ofOwner(String owner) {
        return list("owner = ?1 order by createdAt desc", owner);
    }

    /** A fork's sponsorship terms its storage order must meet: the consent's replicas and the end of its term (epoch seconds). */
    public record ForkTerms(int replicas, long termEnd) {
    }

    /**
     * The sponsorship terms of this content when it is a fork (by entity name: the fork package depends on the
     * dashboard, which depends on orders), else null.
     */
    public Uni<ForkTerms> forkTerms(String contentId) {
        return getSession().chain(s -> s.createSelectionQuery("select f.replicas, f.termEnd from ForkRequest f where f.forkId = :id", Object[].class)
                .setParameter("id", contentId).getSingleResultOrNull())
                .map(row -> row == null ? null : new ForkTerms(((Number) row[0]).intValue(), ((Number) row[1]).longValue()));
    }
}
