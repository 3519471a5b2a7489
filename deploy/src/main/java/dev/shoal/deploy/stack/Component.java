package dev.shoal.deploy.stack;

import java.util.Optional;

/** One part of the local stack: started by the launcher, checked, and stopped by PID. */
public interface Component {

    /** Stable name shown by {@code shoal status} ("postgres", "kafka", "keycloak", "anvil", "marketplace", ...). */
    String name();

    /**
     * Takes the loopback ports it will listen on, if it has none yet. With fixed ports ({@code --base-port}) the stack
     * calls this for every component in order before starting any, so each keeps the same port from run to run
     * whatever order a phase's parallel starts happen in; {@link #start} takes them itself otherwise.
     */
    default void reservePorts(StackContext context) {
    }

    /** Starts the component and returns once it answers its health check. */
    void start(StackContext context);

    /** The URL a person or a client uses to reach it. */
    String url();

    /** The PID of the process that runs it, once started. */
    Optional<Long> pid();

    /** When that process started (to tell a reused PID from ours), once started. */
    default Optional<Long> startedAtMillis() {
        return Optional.empty();
    }

    /** How to check from any process whether it answers; {@link #start} waits for the same check. */
    HealthProbe probe();

    default boolean healthy() {
        return probe().check();
    }

    void stop();
}
