package dev.shoal.contracts.live;

/**
 * A room's event stream at the gateway ({@code GET /live/{room}/events}, server-sent events). The room's origin follows it
 * too (for {@code event: end}), and so do relay agents (for the announcements); each says so with {@value #FOLLOWER_HEADER}: {@value #ORIGIN}, so the room does not count
 * it among its viewers.
 */
public final class RoomEventStream {

    public static final String FOLLOWER_HEADER = "Shoal-Follower";
    public static final String ORIGIN = "origin";
    /** A relay agent following the room's announcements (docs/live.md, "Relay agents"). */
    public static final String RELAY = "relay";

    private RoomEventStream() {
    }
}
