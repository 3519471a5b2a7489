package dev.shoal.gateway.tracker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The tracker's settings ({@code tracker.*}). Not under {@code shoal.*}: {@code GatewayConfig} owns that prefix
 * and rejects keys it does not know. See docs/tracker.md.
 */
@ConfigMapping(prefix = "tracker")
public interface TrackerConfig {

    /** How often peers are told to announce again. */
    @WithDefault("120s")
    Duration interval();

    /** A peer silent for two intervals plus this is dropped from its swarms. */
    @WithDefault("30s")
    Duration slack();

    /** How often silent peers are looked for. */
    @WithDefault("30s")
    Duration sweepPeriod();

    /** Longest message accepted, in UTF-8 bytes (an offer's SDP is a few KiB). */
    @WithDefault("65536")
    int maxMessageBytes();

    /** Most offers forwarded for one announce. */
    @WithDefault("50")
    int maxOffers();

    /** Most swarms one connection may be a peer of (a player joins one per stream). */
    @WithDefault("64")
    int maxSwarmsPerSocket();

    /** A connection is closed after this many malformed messages. */
    @WithDefault("20")
    int maxInvalidMessages();

    /** How long a new connection waits for the catalog to say whether its content exists. */
    @WithDefault("10s")
    Duration catalogTimeout();

    PerIp perIp();

    /** Limits per client address. */
    interface PerIp {
        /** Open connections. */
        @WithDefault("200")
        int sockets();

        /** Messages per second, sustained (token bucket refill). */
        @WithDefault("200")
        double messagesPerSecond();

        /** Messages at once (token bucket size). */
        @WithDefault("400")
        int messageBurst();
    }
}
