package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Container;

import java.nio.charset.StandardCharsets;

/**
 * What a player needs to know about a live rendition besides its segments, carried (and signed) in every
 * announcement so the live master playlist comes from signed data too.
 *
 * @param init      the fMP4 init segment's SHA-256 (#EXT-X-MAP), null for MPEG-TS
 * @param codecs    RFC 6381 codecs, e.g. {@code avc1.64001f,mp4a.40.2}; "" if unknown
 * @param bandwidth peak bits per second; 0 if unknown
 */
public record RenditionFormat(Container container, Sha256 init, String codecs, int width, int height, long bandwidth) {

    private static final int MAX_CODECS_BYTES = 256;

    public RenditionFormat {
        if (container == null || codecs == null || codecs.getBytes(StandardCharsets.UTF_8).length > MAX_CODECS_BYTES
                || codecs.contains("\"") || codecs.contains("\n") || width < 0 || height < 0 || bandwidth < 0
                || (container == Container.MPEG_TS && init != null)) {
            throw new ContentException.MalformedValue("invalid rendition format: " + container + " " + codecs);
        }
    }

    public static RenditionFormat ts(String codecs, int width, int height, long bandwidth) {
        return new RenditionFormat(Container.MPEG_TS, null, codecs, width, height, bandwidth);
    }
}
