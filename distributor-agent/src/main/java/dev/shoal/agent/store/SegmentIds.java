package dev.shoal.agent.store;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

/**
 * The only way text from outside becomes a segment id (or a segment name, {@link SegmentName}). A valid id is 64 lowercase or uppercase hex digits, so
 * no id can name a path: {@code ../}, encoded slashes and NULs are refused before any file is touched.
 */
public final class SegmentIds {

    private SegmentIds() {
    }

    public static Sha256 parse(String text) {
        if (!isHex64(text)) {
            throw new ProblemException(ProblemType.INVALID_SEGMENT_ID, "a segment id is 64 hex digits (the SHA-256"
                    + " of the segment's bytes); got " + shown(text));
        }
        return Sha256.fromHex(text.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A segment's name in a URL: its id, bare or with its container's extension ({@code <sha256>.ts},
     * {@code .m4s}, {@code .mp4}); refused like {@link #parse} otherwise.
     */
    public static SegmentName parseName(String text) {
        return SegmentName.parse(text).orElseThrow(() -> new ProblemException(ProblemType.INVALID_SEGMENT_ID,
                "a segment is named by the 64 hex digits of its SHA-256, optionally followed by .ts, .m4s or .mp4; got "
                        + shown(text)));
    }

    /** A content id: the same form, with an error that says content. */
    public static Sha256 parseContent(String text) {
        if (!isHex64(text)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 hex digits (the SHA-256 of"
                    + " the canonical manifest)");
        }
        return Sha256.fromHex(text.toLowerCase(java.util.Locale.ROOT));
    }

    private static String shown(String text) {
        return text == null ? "nothing" : "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }

    /** 64 characters, each 0-9, a-f or A-F (a loop rather than a regex: it runs for every segment served). */
    static boolean isHex64(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
