package dev.shoal.gateway.chain;

import dev.shoal.gateway.GatewayConfig;
import dev.shoal.service.health.ChainReadiness;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@Singleton
public class ChainNodeReadiness extends ChainReadiness {

    public ChainNodeReadiness(Vertx vertx, GatewayConfig config) {
        super(WebClient.create(vertx), config.chain().rpcUrl(), config.chain().chainId());
    }
}
