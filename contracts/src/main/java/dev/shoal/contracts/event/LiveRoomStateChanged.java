package dev.shoal.contracts.event;

/**
 * A live room moved to another state (docs/live.md, "Lifecycle").
 *
 * @param state SCHEDULED, LIVE, INTERRUPTED or ENDED
 * @param at    ISO-8601, when the room changed
 */
public record LiveRoomStateChanged(String room, String state, String at) {
}
