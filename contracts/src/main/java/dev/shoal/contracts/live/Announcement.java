package dev.shoal.contracts.live;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.segment.Chain;

import java.nio.charset.StandardCharsets;

/**
 * A new segment of a live stream, as its creator announces it to the room.
 *
 * @param streamId  the room / stream the segment belongs to
 * @param rendition rendition name within the stream
 * @param index     position in the rendition's chain, from 0
 * @param link      {@code SHA-256(link(index-1) || sha256)}
 * @param discontinuity an #EXT-X-DISCONTINUITY precedes this segment
 */
public record Announcement(String streamId, String rendition, long index, long durationMicros, long size,
                           Sha256 sha256, Sha256 link, boolean discontinuity) {

    private static final int MAX_ID_BYTES = 128;

    public Announcement {
        if (streamId == null || streamId.isEmpty() || streamId.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES
                || rendition == null || rendition.isEmpty()
                || rendition.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES
                || index < 0 || durationMicros < 0 || size < 1 || sha256 == null || link == null) {
            throw new ContentException.MalformedValue("invalid announcement for " + streamId + "/" + rendition
                    + " #" + index);
        }
    }

    /** The announcement of the segment after {@code previousLink} (Chain.GENESIS for the first). */
    public static Announcement next(String streamId, String rendition, long index, long durationMicros, long size,
                                    Sha256 sha256, Sha256 previousLink, boolean discontinuity) {
        return new Announcement(streamId, rendition, index, durationMicros, size, sha256,
                Chain.link(previousLink, sha256), discontinuity);
    }

    public Sha256 digest() {
        return new CanonicalWriter(200).str("shoal-announcement/1").str(streamId).str(rendition).u64(index)
                .u64(durationMicros).u64(size).digest(sha256).digest(link).bool(discontinuity).sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.ANNOUNCEMENT, digest());
    }

    public SignedAnnouncement sign(SigningKey creatorKey) {
        return new SignedAnnouncement(this, creatorKey.address(), creatorKey.sign(signedText()));
    }
}
