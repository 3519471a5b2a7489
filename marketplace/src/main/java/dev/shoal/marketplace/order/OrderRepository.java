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
}
