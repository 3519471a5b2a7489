package dev.shoal.contracts.live;

import java.util.Map;

/**
 * The room's answer to an origin's batch of announcements (and the {@code accepted} extension of its 409
 * problems): per rendition, the last index it holds, so the origin's sender knows where to go on from.
 */
public record AnnouncementsAccepted(int version, String room, Map<String, Long> accepted) {

    public static final int VERSION = 1;

    public AnnouncementsAccepted {
        accepted = accepted == null ? Map.of() : Map.copyOf(accepted);
    }
}
