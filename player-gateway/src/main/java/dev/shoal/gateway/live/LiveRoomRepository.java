package dev.shoal.gateway.live;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LiveRoomRepository implements PanacheRepositoryBase<LiveRoom, UUID> {

    /** The room, locked until the transaction ends: one writer of its chains at a time. */
    public Uni<LiveRoom> locked(UUID room) {
        return findById(room, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<LiveRoom>> inState(RoomState state, int limit) {
        return find("state", Sort.descending("openedAt"), state).page(Page.ofSize(limit)).list();
    }

    /** The owner's rooms, newest first (the studio's list). */
    public Uni<List<LiveRoom>> ofOwner(String owner, int limit) {
        return find("owner", Sort.descending("openedAt"), owner).page(Page.ofSize(limit)).list();
    }
}
