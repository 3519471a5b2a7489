package dev.shoal.agent.serving;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a segment, from a {@code Range} header. Several ranges are answered with the whole segment
 * (RFC 9110 lets a server ignore Range); a range that is inverted, starts past the end, or is empty is 416.
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    public long length() {
        return last - first + 1;
    }

    /** The range asked for, or null for the whole segment. */
    public static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank() || header.contains(",")) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw unsatisfiable("'" + header + "' is not a byte range (write bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX)", size);
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw unsatisfiable("an empty suffix range selects nothing", size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (last < first) {
                throw unsatisfiable("the range " + first + "-" + last + " ends before it starts", size);
            }
            if (first >= size) {
                throw unsatisfiable("the range starts at byte " + first + " but the segment has " + size + " bytes", size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            throw unsatisfiable("the range's numbers are too large", size);
        }
    }

    private static ProblemException unsatisfiable(String detail, long size) {
        return new ProblemException(ProblemType.RANGE_NOT_SATISFIABLE, detail, Map.of("size", size));
    }
}
