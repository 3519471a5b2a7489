package dev.shoal.agent.store;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.regex.Pattern;

/**
 * The only way text from outside becomes a segment id. A valid id is 64 lowercase or uppercase hex digits, so
 * no id can name a path: {@code ../}, encoded slashes and NULs are refused before any file is touched.
 */
public final class SegmentIds {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private SegmentIds() {
    }

    public static Sha256 parse(String text) {
        if (text == null || !HEX64.matcher(text).matches()) {
            String shown = text == null ? "nothing" : "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
            throw new ProblemException(ProblemType.INVALID_SEGMENT_ID, "a segment id is 64 hex digits (the SHA-256"
                    + " of the segment's bytes); got " + shown);
        }
        return Sha256.fromHex(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** A content id: the same form, with an error that says content. */
    public static Sha256 parseContent(String text) {
        if (text == null || !HEX64.matcher(text).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 hex digits (the SHA-256 of"
                    + " the canonical manifest)");
        }
        return Sha256.fromHex(text.toLowerCase(java.util.Locale.ROOT));
    }
}
