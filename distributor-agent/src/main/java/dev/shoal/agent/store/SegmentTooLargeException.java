package dev.shoal.agent.store;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

/** More bytes arrived than the segment may have (an oversized or endless upload, a source sending too much). */
public class SegmentTooLargeException extends ProblemException {

    public SegmentTooLargeException(long limit) {
        super(ProblemType.PAYLOAD_TOO_LARGE, "more than " + limit + " bytes arrived for one segment; nothing was kept");
    }
}
