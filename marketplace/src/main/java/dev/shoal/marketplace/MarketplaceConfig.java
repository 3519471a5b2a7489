package dev.shoal.marketplace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Every setting of the marketplace that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface MarketplaceConfig {

    Chain chain();

    Market market();

    interface Chain {
        /** JSON-RPC URL of the Ethereum node. */
        String rpcUrl();

        /** The chain this marketplace settles on; readiness fails if the node reports another. */
        long chainId();
    }

    /** The storage market's clock and limits. Seconds in tests and the demo, hours in production. */
    interface Market {
        /** Length of an audit epoch. */
        @WithDefault("1h")
        Duration epoch();

        /** An agent whose last heartbeat is older than this is offline: no new deals, not located. */
        @WithDefault("5m")
        Duration heartbeatTimeout();

        /** How long a replica has to answer a challenge. */
        @WithDefault("2m")
        Duration auditDeadline();

        /** How often waiting orders are filled as agents appear. */
        @WithDefault("5s")
        Duration placementInterval();

        /** Hex key this marketplace signs locator tickets with (its address is the locator credited in tips). */
        String locatorKey();

        /** How long a locator ticket is valid. */
        @WithDefault("30m")
        Duration ticketLifetime();
    }
}
