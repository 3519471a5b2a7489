package dev.shoal.gateway.live;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The creator's live studio ({@code /studio/live}, {@code templates/live/StudioRoomsPage.html}): their rooms, and the
 * "Schedule a room" form, with why the gateway refused it when it did.
 *
 * @param relays       the relay agents this gateway has heard from lately, to choose from; empty: it knows none
 * @param problem      why the form was refused (the problem's detail), or null
 * @param problemType  the refusal's problem type (its slug, as in {@code https://shoal.dev/problems/{slug}}), or null
 * @param heardWithin  how far back the relays were heard, as people say it ("24 hours")
 */
@CheckedTemplate(basePath = "live")
public record StudioRoomsPage(List<Room> rooms, ScheduleForm form, List<Relay> relays, String heardWithin, String problem,
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

    /** A relay agent to choose: its address, where it serves, when this gateway last heard it, whether it is ticked. */
    public record Relay(String agent, String url, String heard, boolean chosen) {
    }
}
