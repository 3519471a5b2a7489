package dev.shoal.gateway.catalog;

import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.directory.Location;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The marketplace's public catalog and locator (contracts' {@code directory} format), on a viewer's path: a few quick
 * retries for a hiccup (none once the circuit is open), then a circuit breaker so a marketplace that is down costs a
 * viewer no wait; {@link Catalog}
 * answers from what it keeps meanwhile. Timeouts: {@code quarkus.rest-client.marketplace.*}.
 */
@RegisterRestClient(configKey = "marketplace")
@RegisterProvider(MarketplaceAnswers.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceCatalog {

    @GET
    @Path("/catalog/{contentId}")
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {NotInCatalogException.class, CircuitBreakerOpenException.class})
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, skipOn = NotInCatalogException.class)
    Uni<CatalogEntry> entry(@PathParam("contentId") String contentId);

    /** One page of the public catalog's search (a few quick retries, no circuit: the home page says when it fails). */
    @GET
    @Path("/catalog")
    @Retry(maxRetries = 1, delay = 100, jitter = 50)
    Uni<CatalogPage> search(@QueryParam("q") String q, @QueryParam("creator") String creator, @QueryParam("sort") String sort,
                            @QueryParam("page") int page, @QueryParam("size") int size);

    /** A content's poster, or the marketplace's placeholder for it. */
    @GET
    @Path("/catalog/{contentId}/poster")
    @Produces({"image/*", MediaType.APPLICATION_JSON})
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = NotInCatalogException.class)
    Uni<RestResponse<byte[]>> poster(@PathParam("contentId") String contentId);

    @GET
    @Path("/locate/{contentId}")
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {NotInCatalogException.class, CircuitBreakerOpenException.class})
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, skipOn = NotInCatalogException.class)
    Uni<Location> locate(@PathParam("contentId") String contentId);
}
