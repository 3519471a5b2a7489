package dev.shoal.gateway.live;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class LiveRelayOfferRepository implements PanacheRepositoryBase<LiveRelayOffer, String> {

    /** The relay agents heard since {@code since}, the newest first (at most {@code limit}). */
    public Uni<List<LiveRelayOffer>> heardSince(OffsetDateTime since, int limit) {
        return find("heardAt >= ?1 order by heardAt desc", since).page(Page.ofSize(limit)).list();
    }
}
