package dev.shoal.contracts.live;

/**
 * A room's event stream at the gateway ({@code GET /live/{room}/events}, server-sent events). The room's origin follows it
 * too (for {@code event: end}, and {@code event: relays}), and so do relay agents (for the announcements, and
 * {@code event: relays}); each says so with {@value #FOLLOWER_HEADER}: {@value #ORIGIN}, so the room does not count
 * it among its viewers.
 */
public final class RoomEventStream {

    public static final String FOLLOWER_HEADER = "Shoal-Follower";
    public static final String ORIGIN = "origin";
    /** A relay agent following the room's announcements (docs/live.md, "Relay agents"). */
    public static final String RELAY = "relay";
    /**
     * The event that says the room's creator changed its chosen relays ({@code LiveRelaysChosen}): the origin reads the
     * room's relays from the gateway at once, a relay left out lets the room go.
     */
    public static final String RELAYS_EVENT = "relays";

    private RoomEventStream() {
    }
}
