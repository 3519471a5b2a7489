package dev.shoal.service.health;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/**
 * Ready when the OIDC provider serves the realm's discovery document: without it no token can be
 * verified. A service declares its own {@code @Readiness} subclass, so services without OIDC carry none.
 */
public abstract class OidcReadiness extends ProbeCheck {

    protected OidcReadiness(WebClient http, String issuer) {
        super("oidc", http, issuer);
    }

    @Override
    protected Uni<HealthCheckResponse> probe() {
        String discovery = target + "/.well-known/openid-configuration";
        return http.getAbs(discovery).timeout(3000).send()
                .ifNoItem().after(Duration.ofSeconds(4)).fail()
                .map(response -> {
                    boolean ok = response.statusCode() == 200
                            && target.equals(response.bodyAsJsonObject().getString("issuer"));
                    return response(ok).withData("issuer", target).withData("status", response.statusCode()).build();
                });
    }
}
