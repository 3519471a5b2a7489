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
}
