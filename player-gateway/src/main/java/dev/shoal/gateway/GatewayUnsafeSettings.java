package dev.shoal.gateway;

import dev.shoal.service.production.ProductionCheck;
import dev.shoal.service.production.UnsafeSettings;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** The gateway's settings that belong to the local demo and the tests (refused in production). */
@Singleton
public class GatewayUnsafeSettings implements UnsafeSettings {

    /** The gateway's own client credential (quarkus-oidc-client, client {@value #CLIENT}): archives rooms' recordings. */
    public static final String CLIENT_SECRET_KEY = "quarkus.oidc-client.gateway.credentials.secret";
    public static final String CLIENT = "player-gateway";
    /** The client's secret in the local realm (deploy's keycloak/shoal-realm.json): public, so refused in production. */
    public static final String LOCAL_CLIENT_SECRET = "player-gateway-local-secret";

    private final GatewayConfig config;
    private final Optional<String> clientSecret;

    public GatewayUnsafeSettings(GatewayConfig config, @ConfigProperty(name = CLIENT_SECRET_KEY) Optional<String> clientSecret) {
        this.config = config;
        this.clientSecret = clientSecret;
    }

    @Override
    public void inspect(ProductionCheck check) {
        check.off("shoal.tips.dev-wallet.enabled", config.tips().devWallet().enabled(),
                "viewers tip from the chain node's unlocked accounts, public test keys of a local chain")
                .clientSecret(CLIENT_SECRET_KEY, clientSecret, LOCAL_CLIENT_SECRET, CLIENT);
    }
}
