package dev.shoal.gateway.chain;

import dev.shoal.contracts.directory.ChainView;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The marketplace's {@code GET /api/chain} (contracts' {@code directory} format). Timeouts: {@code quarkus.rest-client.marketplace.*}. */
@RegisterRestClient(configKey = "marketplace")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceChain {

    @GET
    @Path("/chain")
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @ExponentialBackoff
    Uni<ChainView> chain();
}
