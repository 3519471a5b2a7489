package dev.shoal.cli.login;

/** Signing in did not work; the message says what to do. {@link #reason()} is a stable code. */
public class LoginException extends RuntimeException {

    /** Why, as the codes of RFC 6749 and RFC 8628 where they apply. */
    public enum Reason {
        /** The identity provider cannot be reached, or answered something else than OAuth. */
        UNREACHABLE,
        /** The person declined on the verification page. */
        ACCESS_DENIED,
        /** The user code was not entered before it expired. */
        EXPIRED_TOKEN,
        /** A refresh token (or password) the identity provider no longer accepts: revoked, expired, or of another client. */
        INVALID_GRANT,
        /** Anything else the identity provider refused. */
        REFUSED
    }

    private final Reason reason;

    public LoginException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LoginException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
