package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A fork's ad delivery: players (through their gateway) hand in the agents' receipts of the ad segments, anonymously,
 * since the agents' signatures are the evidence; the fork's advertiser reads the counts.
 */
@Path("/api/forks")
@Produces(MediaType.APPLICATION_JSON)
public class AdDeliveryResource {

    private final AdDeliveryService deliveries;
    private final SecurityIdentity identity;

    public AdDeliveryResource(AdDeliveryService deliveries, SecurityIdentity identity) {
        this.deliveries = deliveries;
        this.identity = identity;
    }

    @POST
    @Path("/{fork}/deliveries")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hand in a viewing session's serving receipts of the fork's ad segments; answers how many counted for the first time")
    public Uni<AdDeliveryBatch.Counted> deliver(@PathParam("fork") String fork, AdDeliveryBatch batch) {
        return deliveries.deliver(fork, batch);
    }

    @GET
    @Path("/{fork}/delivery")
    @RolesAllowed("advertiser")
    @Operation(summary = "Your fork's ad delivery: receipts, sessions, and per ad the sessions that reached its start, quartiles and end")
    public Uni<AdDeliveryService.Delivery> delivery(@PathParam("fork") String fork) {
        return deliveries.of(identity.getPrincipal().getName(), fork);
    }
}
