package dev.shoal.contracts.event;

import java.util.List;

/**
 * A live room's creator changed which relay agents may carry it (docs/live.md, "Chosen relays"). The room's event stream
 * carries it as {@code event: relays}, so the origin asks the gateway for the room's relays at once and refuses the one
 * removed, and a relay no longer chosen lets the room go.
 *
 * @param chosenRelays the agents' addresses; null: any agent that opts in
 * @param at           ISO-8601, when the list changed
 */
public record LiveRelaysChosen(String room, List<String> chosenRelays, String at) {
}
