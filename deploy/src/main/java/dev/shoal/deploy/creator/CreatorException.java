package dev.shoal.deploy.creator;

/** A creator's command cannot go on; the message says why and what to do. Commands print it and exit with 1. */
public class CreatorException extends RuntimeException {

    public CreatorException(String message) {
        super(message);
    }

    public CreatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
