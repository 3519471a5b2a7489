package dev.shoal.service.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A readiness check that asks a remote dependency over HTTP without blocking the event loop; any failure is DOWN with its reason. */
abstract class ProbeCheck implements AsyncHealthCheck {

    protected final String name;
    protected final WebClient http;
    protected final String target;

    ProbeCheck(String name, WebClient http, String target) {
        this.name = name;
        this.http = http;
        this.target = target;
    }

    protected abstract Uni<HealthCheckResponse> probe();

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe().onFailure().recoverWithItem(failure -> HealthCheckResponse.named(name).down()
                .withData("target", target).withData("error", String.valueOf(failure.getMessage())).build());
    }

    protected HealthCheckResponseBuilder response(boolean up) {
        return HealthCheckResponse.named(name).status(up);
    }
}
