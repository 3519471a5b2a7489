package dev.shoal.gateway.chain;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

/** The chain node (or the marketplace's directory of it) could not answer: 503, try again. */
public class ChainUnavailableException extends ProblemException {

    public ChainUnavailableException(String detail, Throwable cause) {
        super(ProblemType.UNAVAILABLE, detail);
        initCause(cause);
    }
}
