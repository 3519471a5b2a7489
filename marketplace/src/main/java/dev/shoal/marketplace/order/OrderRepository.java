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

    /**
     * The replicas a sponsorship's consent agreed for this content when it is a fork (by entity name: the fork package
     * depends on the dashboard, which depends on orders), else null.
     */
    public Uni<Integer> forkReplicas(String contentId) {
        return getSession().chain(s -> s.createSelectionQuery("select max(f.replicas) from ForkRequest f where f.forkId = :id", Integer.class)
                .setParameter("id", contentId).getSingleResultOrNull());
    }
}
