package dev.shoal.gateway.live;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A room's rendition: the tip of its chain, the last accepted announcement (V3__live.sql). */
@Entity
@Table(name = "live_rendition")
@IdClass(LiveRendition.Key.class)
public class LiveRendition {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    @Id
    public String name;

    @Column(name = "last_index", nullable = false)
    public long lastIndex;

    @Column(name = "last_link", nullable = false)
    public String lastLink;

    public static class Key implements Serializable {
        public UUID roomId;
        public String name;

        public Key() {
        }

        public Key(UUID roomId, String name) {
            this.roomId = roomId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(roomId, k.roomId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, name);
        }
    }
}
