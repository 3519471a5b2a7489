package dev.shoal.agent.store;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

/** Bytes offered to the store do not hash to the id they were offered under (a lying source or a bad upload). */
public class SegmentHashMismatchException extends ProblemException {

    public SegmentHashMismatchException(String expected, String actual) {
        super(ProblemType.SEGMENT_HASH_MISMATCH, "the bytes hash to " + actual + ", not to the segment id " + expected);
    }
}
