package dev.shoal.deploy;

/**
 * A failure the person at the terminal can act on. The command line prints its message as one line,
 * without a stack trace, so the message must say what went wrong and what to do.
 */
public class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
