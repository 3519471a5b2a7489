package dev.shoal.contracts.playlist;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Container;

import java.util.Locale;
import java.util.Optional;

/**
 * How a segment is named in URLs: its SHA-256 in hex, then its container's extension, {@code <sha256>.ts} for
 * MPEG-TS, {@code .m4s} for an fMP4 media segment, {@code .mp4} for an fMP4 init segment. Stock HLS clients
 * (ffmpeg's {@code allowed_segment_extensions}, VLC) decide what a URI is from that extension. The bare form
 * {@code <sha256>} names the same bytes, for clients written before extensions.
 *
 * @param extension "ts", "m4s", "mp4", or "" for the bare form
 */
public record SegmentName(Sha256 sha256, String extension) {

    public static final String TS = "ts";
    public static final String M4S = "m4s";
    public static final String MP4 = "mp4";

    public SegmentName {
        if (sha256 == null || !(extension.isEmpty() || extension.equals(TS) || extension.equals(M4S) || extension.equals(MP4))) {
            throw new IllegalArgumentException("a segment name is a SHA-256 and ts, m4s, mp4 or nothing");
        }
    }

    /** A media segment of a rendition in this container. */
    public static SegmentName media(Sha256 sha256, Container container) {
        return new SegmentName(sha256, container == Container.FMP4 ? M4S : TS);
    }

    /** An fMP4 init segment (#EXT-X-MAP). */
    public static SegmentName init(Sha256 sha256) {
        return new SegmentName(sha256, MP4);
    }

    /**
     * Reads {@code <64 hex digits>} or {@code <64 hex digits>.<ts|m4s|mp4>} (hex in either case, extension in
     * lowercase). Anything else, {@code ../} and encoded tricks included, is empty: no name can reach a path.
     */
    public static Optional<SegmentName> parse(String text) {
        if (text == null || text.length() < 64) {
            return Optional.empty();
        }
        String hex = text.substring(0, 64);
        String rest = text.substring(64);
        if (!isHex(hex)) {
            return Optional.empty();
        }
        String ext;
        if (rest.isEmpty()) {
            ext = "";
        } else if (rest.equals("." + TS) || rest.equals("." + M4S) || rest.equals("." + MP4)) {
            ext = rest.substring(1);
        } else {
            return Optional.empty();
        }
        return Optional.of(new SegmentName(Sha256.fromHex(hex.toLowerCase(Locale.ROOT)), ext));
    }

    /** The media type a server gives these bytes, when the name tells it. */
    public Optional<String> mediaType() {
        return switch (extension) {
            case TS -> Optional.of("video/mp2t");
            case M4S, MP4 -> Optional.of("video/mp4");
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return extension.isEmpty() ? sha256.hex() : sha256.hex() + "." + extension;
    }

    // a loop rather than a regex: agents parse a name for every segment they serve
    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
