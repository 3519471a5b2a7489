package dev.shoal.gateway.health;

import dev.shoal.service.health.OidcReadiness;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@Singleton
public class IdentityProviderReadiness extends OidcReadiness {

    public IdentityProviderReadiness(Vertx vertx, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        super(WebClient.create(vertx), issuer);
    }
}
