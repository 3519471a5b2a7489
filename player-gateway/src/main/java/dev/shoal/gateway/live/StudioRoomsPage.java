package dev.shoal.gateway.live;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The creator's live studio ({@code /studio/live}, {@code templates/live/StudioRoomsPage.html}): their rooms, and the
 * "Schedule a room" form, with why the gateway refused it when it did.
 *
 * @param signedByFrom where the new form's "Signed by" was filled in from ("your newest room"), or null
 * @param market       what the storage market asks now for the form's replicas, beside the archive's price (whose
 *                     example is {@link dev.shoal.contracts.market.MarketAsks#suggestedPrice}); null when the marketplace did not say
 * @param relays       the relay agents that offered to relay live rooms here lately, to choose from; empty: none did
 * @param problem      why the form was refused (the problem's detail), or null
 * @param problemType  the refusal's problem type (its slug, as in {@code https://shoal.dev/problems/{slug}}), or null
 * @param heardWithin  how far back the relays were heard, as people say it ("minute": in the last minute)
 */
@CheckedTemplate(basePath = "live")
public record StudioRoomsPage(List<Room> rooms, ScheduleForm form, String signedByFrom, dev.shoal.contracts.market.MarketAsks market,
                              List<Relay> relays, String heardWithin, String problem,
                              String problemType) implements TemplateInstance {

    /** One of the creator's rooms: its state as the live page says it ("Starts soon", "LIVE", ...). */
    public record Room(String room, String title, String state, String stateShown, int segmentSeconds, int viewers, String opened) {

        static String shown(String state) {
            return switch (state) {
                case "LIVE" -> "LIVE";
                case "INTERRUPTED" -> "Interrupted";
                case "ENDING" -> "Ending";
                case "ENDED" -> "Ended";
                default -> "Starts soon";
            };
        }
    }

    /**
     * A relay agent to choose: its address, where it serves, what it uploads of its uplink ("1.8 Mbit/s of 20.0 Mbit/s
     * (9%)"), the rooms it relays ("1 of at most 8 rooms"), when this gateway last heard it, whether it is ticked.
     */
    public record Relay(String agent, String url, String upload, long uploadBytesPerSecond, long uplinkBytesPerSecond, String rooms,
                        String heard, boolean chosen) {
    }
}
