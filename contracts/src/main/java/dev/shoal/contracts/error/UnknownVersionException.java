package dev.shoal.contracts.error;

/**
 * A message in a format version this build cannot read. Readers refuse it rather than guess at its fields: a
 * service answers that its dependency is unavailable, a Kafka consumer skips the event and counts it.
 */
public final class UnknownVersionException extends RuntimeException {

    private final String format;
    private final int version;

    public UnknownVersionException(String format, int version, int known) {
        super(format + " version " + version + " is not one this build reads (it reads version " + known + ")");
        this.format = format;
        this.version = version;
    }

    public String format() {
        return format;
    }

    public int version() {
        return version;
    }
}
