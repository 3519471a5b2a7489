package dev.shoal.gateway.live;

import java.util.Map;

/**
 * A room as the API shows it to anyone (docs/live.md, "Room API").
 *
 * @param renditions per rendition, the last accepted index
 * @param viewers    viewers connected to this gateway instance's event stream
 * @param origin     the origin's URL, unless the room shields it
 * @param contentId  the recording's content, once registered
 */
public record RoomView(String room, String title, String creator, String state, int segmentSeconds, int maxDelaySeconds,
                       int window, Map<String, Long> renditions, int viewers, String origin, String contentId,
                       String openedAt) {
}
