package dev.shoal.gateway;

import io.smallrye.config.ConfigMapping;

/** Every setting of the player gateway that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface GatewayConfig {

    Chain chain();

    Marketplace marketplace();

    interface Chain {
        /** JSON-RPC URL of the Ethereum node tips are sent through. */
        String rpcUrl();

        /** Readiness fails if the node reports another chain. */
        long chainId();
    }

    interface Marketplace {
        /** Base URL of the marketplace (locator, content registry). */
        String url();
    }
}
