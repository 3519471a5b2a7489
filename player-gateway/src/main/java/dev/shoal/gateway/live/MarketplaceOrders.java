package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.market.MarketAsks;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The marketplace's storage orders, where a recording's archive is placed, and its asks (the creator's token passed on). */
@RegisterRestClient(configKey = "marketplace")
@Path("/api/orders")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceOrders {

    /** The marketplace's order request: replicas 5 to 10, a term in months or epochs, the highest price per GB-month (sUSD). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record OrderRequest(String contentId, int replicas, Integer months, Integer epochs, String maxPricePerGbMonth) {
    }

    @POST
    Uni<JsonNode> place(@HeaderParam("Authorization") String authorization, OrderRequest request);

    /** What the market asks now for {@code replicas} replicas: the price that places them all, the lowest ask, the step. */
    @GET
    @Path("/asks")
    Uni<MarketAsks> asks(@HeaderParam("Authorization") String authorization, @QueryParam("replicas") int replicas);
}
