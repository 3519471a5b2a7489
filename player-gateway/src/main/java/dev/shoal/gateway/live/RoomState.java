package dev.shoal.gateway.live;

/** Where a live room is in its life (docs/live.md, "Lifecycle"). */
public enum RoomState {
    SCHEDULED, LIVE, INTERRUPTED, ENDED
}
