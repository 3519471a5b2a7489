package dev.shoal.marketplace.health;

import dev.shoal.service.health.OidcReadiness;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@Singleton
public class IdentityProviderReadiness extends OidcReadiness {

    // Quarkus' own key: the same value the OIDC extension verifies tokens against
    public IdentityProviderReadiness(Vertx vertx, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        super(WebClient.create(vertx), issuer);
    }
}
