package dev.shoal.gateway.live;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A relay agent of a room: its last signed claim, which is also its heartbeat (V6__live_relay.sql). */
@Entity
@Table(name = "live_relay")
@IdClass(LiveRelay.Key.class)
public class LiveRelay {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    /** The relay agent's address (its key signed the claim). */
    @Id
    public String agent;

    @Column(name = "relay_url", nullable = false)
    public String relayUrl;

    @Column(name = "claimed_at_millis", nullable = false)
    public long claimedAtMillis;

    @Column(nullable = false)
    public int load;

    @Column(name = "lag_millis", nullable = false)
    public long lagMillis;

    /** What the relay measured it uploads for the live rooms it relays, bytes per second; null from a version 1 claim (V9). */
    @Column(name = "upload_bytes_per_second")
    public Long uploadBytesPerSecond;

    /** Its uplink's capacity, bytes per second; null from a version 1 claim. */
    @Column(name = "uplink_bytes_per_second")
    public Long uplinkBytesPerSecond;

    /** Per rendition, the newest index it holds (a JSON object). */
    @Column(nullable = false)
    public String held;

    @Column(name = "heard_at", nullable = false)
    public OffsetDateTime heardAt;

    public static class Key implements Serializable {
        public UUID roomId;
        public String agent;

        public Key() {
        }

        public Key(UUID roomId, String agent) {
            this.roomId = roomId;
            this.agent = agent;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(roomId, k.roomId) && Objects.equals(agent, k.agent);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, agent);
        }
    }
}
