package dev.shoal.marketplace.mirror;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class MirrorRepository implements PanacheRepositoryBase<Mirror, Long> {

    /** A content's mirrors, oldest first. */
    public Uni<List<Mirror>> of(String contentId) {
        return list("contentId = ?1 order by registeredAt, id", contentId);
    }

    public Uni<Mirror> find(String contentId, String url) {
        return find("contentId = ?1 and url = ?2", contentId, url).firstResult();
    }
}
