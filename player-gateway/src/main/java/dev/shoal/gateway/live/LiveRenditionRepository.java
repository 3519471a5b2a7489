package dev.shoal.gateway.live;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LiveRenditionRepository implements PanacheRepositoryBase<LiveRendition, LiveRendition.Key> {

    public Uni<List<LiveRendition>> ofRoom(UUID room) {
        return list("roomId = ?1 order by name", room);
    }
}
