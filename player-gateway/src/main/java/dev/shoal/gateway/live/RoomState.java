package dev.shoal.gateway.live;

/** Where a live room is in its life (docs/live.md, "Lifecycle"). */
public enum RoomState {
    SCHEDULED, LIVE, INTERRUPTED,
    /** The creator ended it (the page's "End broadcast" or {@code shoal live end}); the origin sends its last
     * announcements and the recording, then it is ENDED. */
    ENDING, ENDED
}
