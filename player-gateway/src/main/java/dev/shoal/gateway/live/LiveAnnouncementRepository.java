package dev.shoal.gateway.live;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LiveAnnouncementRepository implements PanacheRepositoryBase<LiveAnnouncement, LiveAnnouncement.Key> {

    /** The last {@code count} announcements of a rendition, oldest first. */
    public Uni<List<LiveAnnouncement>> window(UUID room, String rendition, int count) {
        return find("roomId = ?1 and rendition = ?2 and index > (select max(b.index) from LiveAnnouncement b"
                + " where b.roomId = ?1 and b.rendition = ?2) - ?3 order by index", room, rendition, (long) count).list();
    }

    /** A rendition's first announcement in the room (it never changes once made). */
    public Uni<LiveAnnouncement> first(UUID room, String rendition) {
        return find("roomId = ?1 and rendition = ?2 order by index", room, rendition).firstResult();
    }

    /**
     * What a viewer whose last event was announcement {@code rendition/index} missed: of that rendition every later one,
     * of the others every one accepted since (a batch is accepted whole, under the room's lock), oldest first per
     * rendition; at most {@code limit}, the newest. Null when the room has no such announcement.
     */
    public Uni<List<LiveAnnouncement>> since(UUID room, String rendition, long index, int limit) {
        return find("roomId = ?1 and rendition = ?2 and index = ?3", room, rendition, index).firstResult()
                .chain(cursor -> cursor == null ? Uni.createFrom().<List<LiveAnnouncement>>nullItem()
                        : find("roomId = ?1 and acceptedAt >= ?2 and not (rendition = ?3 and index <= ?4)"
                                + " order by acceptedAt desc, index desc", room, cursor.acceptedAt, rendition, index)
                                .page(0, limit).list()
                                .map(missed -> missed.stream().sorted(Comparator
                                        .comparing((LiveAnnouncement a) -> a.rendition).thenComparingLong(a -> a.index)).toList()));
    }

    /** Every announcement of a rendition, in order. */
    public Uni<List<LiveAnnouncement>> all(UUID room, String rendition) {
        return list("roomId = ?1 and rendition = ?2 order by index", room, rendition);
    }

    public Uni<Long> discontinuitiesBefore(UUID room, String rendition, long index) {
        return count("roomId = ?1 and rendition = ?2 and discontinuity = true and index < ?3", room, rendition, index);
    }

    public Uni<LiveAnnouncement> bySha(UUID room, String sha256) {
        return find("roomId = ?1 and sha256 = ?2", room, sha256).firstResult();
    }

    /** The first and the last announcement naming this fMP4 init segment (of one rendition), or null when none does. */
    public Uni<List<LiveAnnouncement>> byInit(UUID room, String init) {
        return find("roomId = ?1 and init = ?2 order by index", room, init).firstResult().chain(first -> first == null
                ? Uni.createFrom().<List<LiveAnnouncement>>nullItem()
                : find("roomId = ?1 and rendition = ?2 and init = ?3 order by index desc", room, first.rendition, init).firstResult()
                        .map(last -> List.of(first, last)));
    }
}
