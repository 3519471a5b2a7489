package dev.shoal.contracts.live;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.segment.Chain;

import java.nio.charset.StandardCharsets;

/**
 * A new segment of a live stream, as its creator announces it to the room (encoding version 2; see
 * docs/live.md).
 *
 * @param room            the room the segment belongs to
 * @param rendition       rendition name within the room
 * @param index           position in the rendition's chain, from 0
 * @param link            {@code SHA-256(link(index-1) || sha256)}
 * @param startedAtMillis the segment's wall-clock start at the encoder (epoch milliseconds)
 * @param discontinuity   an #EXT-X-DISCONTINUITY precedes this segment
 */
public record Announcement(String room, String rendition, long index, long durationMicros, long size,
                           Sha256 sha256, Sha256 link, long startedAtMillis, boolean discontinuity,
                           RenditionFormat format) {

    /** The version of the canonical encoding and of the signed text. */
    public static final int VERSION = 2;
    private static final int MAX_ID_BYTES = 128;

    public Announcement {
        if (room == null || room.isEmpty() || room.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES
                || rendition == null || rendition.isEmpty()
                || rendition.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES
                || index < 0 || durationMicros < 0 || size < 1 || sha256 == null || link == null
                || startedAtMillis < 0 || format == null) {
            throw new ContentException.MalformedValue("invalid announcement for " + room + "/" + rendition
                    + " #" + index);
        }
    }

    /** The announcement of the segment after {@code previousLink} (Chain.GENESIS for the first). */
    public static Announcement next(String room, String rendition, long index, long durationMicros, long size,
                                    Sha256 sha256, Sha256 previousLink, long startedAtMillis, boolean discontinuity,
                                    RenditionFormat format) {
        return new Announcement(room, rendition, index, durationMicros, size, sha256,
                Chain.link(previousLink, sha256), startedAtMillis, discontinuity, format);
    }

    public Sha256 digest() {
        RenditionFormat f = format;
        return new CanonicalWriter(300).str("shoal-announcement/" + VERSION).str(room).str(rendition)
                .u8(f.container().code()).u64(index).u64(durationMicros).u64(size).digest(sha256).digest(link)
                .digest(f.init() == null ? Sha256.ZERO : f.init()).u64(startedAtMillis).bool(discontinuity)
                .str(f.codecs()).u32(f.width()).u32(f.height()).u64(f.bandwidth()).sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.ANNOUNCEMENT, VERSION, digest());
    }

    public SignedAnnouncement sign(SigningKey creatorKey) {
        return new SignedAnnouncement(this, creatorKey.address(), creatorKey.sign(signedText()));
    }
}
