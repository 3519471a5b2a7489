package dev.shoal.gateway.live;

import dev.shoal.contracts.live.ArchiveTerms;
import java.util.Map;

/**
 * A room as the API shows it to anyone (docs/live.md, "Room API").
 *
 * @param renditions per rendition, the last accepted index
 * @param viewers    viewers connected to this gateway instance's event stream
 * @param origin     the origin's URL, unless the room shields it
 * @param shielded   the origin is never named to viewers; only the room's relay agents reach it
 * @param chosenRelays the relay agents (addresses) the creator chose to carry it; null: any agent that opts in
 * @param sources    where its segments are, closest to the live edge first, then by load (at most 8; {@link LiveSources})
 * @param contentId  the recording's content, once registered
 * @param archive    the archive's order, once placed (by the creator, or by the gateway with the room's preset); without a
 *                   preset, the gateway's registration of the recording while it is PENDING or once REFUSED
 */
public record RoomView(String room, String title, String creator, String state, int segmentSeconds, int maxDelaySeconds,
                       int window, Map<String, Long> renditions, int viewers, String origin, boolean shielded,
                       java.util.List<String> chosenRelays, java.util.List<LiveSources.Source> sources, String contentId, String openedAt, Archive archive) {

    /**
     * @param preset  the archive preset chosen when the room was opened, or null
     * @param state   PENDING (the recording being registered, with the preset's order if there is one), PLACED, REFUSED
     *                (the marketplace's {@code problem}: without a preset, the recording was not registered); null: none
     * @param orderId the marketplace's order
     */
    /** The creator's address as people read it in a line of text ({@code 0x1234…abcd}); the page gives the whole one beside it. */
    public String creatorShort() {
        return dev.shoal.contracts.identity.Address.shortened(creator);
    }

    public record Archive(ArchiveTerms preset, String state, String orderId, String problem) {

        /** What the room's creator is told of a refusal, or null when nothing was refused. */
        public String refusalShown() {
            if (!"REFUSED".equals(state)) {
                return null;
            }
            return (preset == null ? "The recording was not registered" : "The archive preset's order was not placed")
                    + " (the marketplace refused it): " + problem;
        }
    }
}
