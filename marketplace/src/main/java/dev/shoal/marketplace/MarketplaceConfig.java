package dev.shoal.marketplace;

import io.smallrye.config.ConfigMapping;

/** Every setting of the marketplace that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface MarketplaceConfig {

    Chain chain();

    interface Chain {
        /** JSON-RPC URL of the Ethereum node. */
        String rpcUrl();

        /** The chain this marketplace settles on; readiness fails if the node reports another. */
        long chainId();
    }
}
