package dev.shoal.gateway.live;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/**
 * A room's live page, or the player alone for an iframe ({@code templates/live/LivePage.html}); live.js checks each
 * announcement itself and plays only verified segments. {@code manage}: the room's creator, signed in, sees "End broadcast"
 * ({@code /studio/live/{room}}), and {@code refusal}: why the marketplace refused the recording or its archive, if it did;
 * {@code creatorShort}: the creator's address as people read it in a line ({@code 0x1234…abcd});
 * {@code sources}: for the creator, the room's sources ({@link StudioSources}, rendered), else null.
 */
@CheckedTemplate(basePath = "live")
public record LivePage(String room, String title, String creator, String creatorShort, String state, int segmentSeconds, int maxDelaySeconds,
                       int viewers, boolean embed, String embedUrl, boolean manage, String refusal,
                       RawString sources) implements TemplateInstance {
}
