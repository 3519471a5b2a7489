package dev.shoal.gateway.live;

import dev.shoal.contracts.live.SignedAnnouncement;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** An accepted announcement, as the creator signed it (V3__live.sql). */
@Entity
@Table(name = "live_announcement")
@IdClass(LiveAnnouncement.Key.class)
public class LiveAnnouncement {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    @Id
    public String rendition;

    @Id
    @Column(name = "idx")
    public long index;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public boolean discontinuity;

    /** An fMP4 segment's init segment (SHA-256, hex); null for MPEG-TS. */
    public String init;

    /** contracts' SignedAnnouncement JSON, unchanged: what viewers verify. */
    @Column(nullable = false)
    public String signed;

    @Column(name = "accepted_at", nullable = false)
    public OffsetDateTime acceptedAt;

    public SignedAnnouncement read() {
        return SignedAnnouncement.fromJson(signed);
    }

    public static class Key implements Serializable {
        public UUID roomId;
        public String rendition;
        public long index;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(roomId, k.roomId) && Objects.equals(rendition, k.rendition) && index == k.index;
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, rendition, index);
        }
    }
}
