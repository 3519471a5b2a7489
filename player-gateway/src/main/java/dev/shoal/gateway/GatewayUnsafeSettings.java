package dev.shoal.gateway;

import dev.shoal.service.production.ProductionCheck;
import dev.shoal.service.production.UnsafeSettings;
import jakarta.inject.Singleton;

/** The gateway's settings that belong to the local demo and the tests (refused in production). */
@Singleton
public class GatewayUnsafeSettings implements UnsafeSettings {

    private final GatewayConfig config;

    public GatewayUnsafeSettings(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void inspect(ProductionCheck check) {
        check.off("shoal.tips.dev-wallet.enabled", config.tips().devWallet().enabled(),
                "viewers tip from the chain node's unlocked accounts, public test keys of a local chain");
    }
}
