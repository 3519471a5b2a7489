package dev.shoal.gateway.live;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A relay agent's last signed offer to relay live rooms here, which is also its heartbeat (V10__live_relay_offer.sql). */
@Entity
@Table(name = "live_relay_offer")
public class LiveRelayOffer {

    /** The relay agent's address (its key signed the offer). */
    @Id
    public String agent;

    @Column(name = "relay_url", nullable = false)
    public String relayUrl;

    @Column(name = "offered_at_millis", nullable = false)
    public long offeredAtMillis;

    /** The live rooms it relays now. */
    @Column(nullable = false)
    public int rooms;

    /** The live rooms it relays at most at once. */
    @Column(name = "max_rooms", nullable = false)
    public int maxRooms;

    /** What it measured it uploads for the live rooms it relays, bytes per second over the last 10 s. */
    @Column(name = "upload_bytes_per_second", nullable = false)
    public long uploadBytesPerSecond;

    /** Its uplink's capacity, bytes per second. */
    @Column(name = "uplink_bytes_per_second", nullable = false)
    public long uplinkBytesPerSecond;

    @Column(name = "heard_at", nullable = false)
    public OffsetDateTime heardAt;
}
