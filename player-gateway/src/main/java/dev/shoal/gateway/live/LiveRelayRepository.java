package dev.shoal.gateway.live;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LiveRelayRepository implements PanacheRepositoryBase<LiveRelay, LiveRelay.Key> {

    /** The room's relays heard since {@code since} (the others missed their heartbeat). */
    public Uni<List<LiveRelay>> live(UUID room, OffsetDateTime since) {
        return list("roomId = ?1 and heardAt >= ?2 order by agent", room, since);
    }

    /** Relays of any room heard since {@code since}, the newest first (at most {@code limit}): the relay agents this gateway knows of. */
    public Uni<List<LiveRelay>> heardSince(OffsetDateTime since, int limit) {
        return find("heardAt >= ?1 order by heardAt desc", since).page(io.quarkus.panache.common.Page.ofSize(limit)).list();
    }
}
