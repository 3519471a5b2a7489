package dev.shoal.marketplace.chain;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.service.health.ChainReadiness;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@Singleton
public class ChainNodeReadiness extends ChainReadiness {

    public ChainNodeReadiness(Vertx vertx, MarketplaceConfig config) {
        super(WebClient.create(vertx), config.chain().rpcUrl(), config.chain().chainId());
    }
}
