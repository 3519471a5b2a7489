package dev.shoal.contracts.problem;

import java.util.Map;

/** A domain error that reaches HTTP as a problem document of the given type. */
public class ProblemException extends RuntimeException {

    /** An extension (whole seconds) that HTTP also sends as {@code Retry-After}: when asking again may succeed. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
