package dev.shoal.gateway.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.gateway.catalog.NotInCatalogException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * The marketplace's public fork API (contracts' {@link ForkView} and {@link AdDeliveryBatch}): an original's consented
 * forks, a fork's plan and consent, and ad deliveries. The reads are on a viewer's path: a quick retry, then a circuit
 * breaker, as the catalog's ({@link Forks} answers from what it keeps meanwhile). Timeouts: {@code quarkus.rest-client.marketplace.*}.
 */
@RegisterRestClient(configKey = "marketplace")
@RegisterProvider(ForkAnswers.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceForks {

    /** The original's consented forks whose term runs, best seeded first. */
    @GET
    @Path("/contents/{contentId}/forks")
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = {NotInCatalogException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, skipOn = NotInCatalogException.class)
    Uni<List<ForkView>> forksOf(@PathParam("contentId") String contentId);

    /** A consented fork whose term runs: its plan and the creator's signed consent; {@link NotInCatalogException} otherwise. */
    @GET
    @Path("/contents/{contentId}/fork")
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = {NotInCatalogException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, skipOn = NotInCatalogException.class)
    Uni<ForkView> fork(@PathParam("contentId") String contentId);

    /** Receipts of a fork's ad segments, counted by the marketplace (no retry: the marketplace counts each receipt once anyway). */
    @POST
    @Path("/forks/{forkId}/deliveries")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<AdDeliveryBatch.Counted> deliveries(@PathParam("forkId") String forkId, AdDeliveryBatch delivery);
}
