package dev.shoal.agent.market;

/** The agent has no operator login it can use: the operator runs {@code distributor-agent login}. */
public class LoginRequiredException extends RuntimeException {

    public LoginRequiredException(String message) {
        super(message);
    }

    public LoginRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
