package dev.shoal.marketplace.content;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ContentRepository implements PanacheRepositoryBase<Content, String> {

    public Uni<List<Content>> ofOwner(String owner) {
        return list("owner = ?1 order by registeredAt desc", owner);
    }
}
