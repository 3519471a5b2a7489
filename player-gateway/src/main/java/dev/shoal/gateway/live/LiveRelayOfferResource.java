package dev.shoal.gateway.live;

import dev.shoal.contracts.live.RelayOffer;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where relay agents offer to relay live rooms ({@link LiveRelayOffers}); the studio offers them to creators. */
@Path("/api/live/relays")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LiveRelayOfferResource {

    private final LiveRelayOffers offers;

    public LiveRelayOfferResource(LiveRelayOffers offers) {
        this.offers = offers;
    }

    @PUT
    @PermitAll
    @Operation(summary = "A relay agent's offer to relay live rooms, signed by its own key; sent again every 10 s as its heartbeat")
    public Uni<LiveRelayOffers.Offered> offer(RelayOffer offer) {
        return offers.offer(offer);
    }
}
