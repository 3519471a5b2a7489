package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A fork's plan and consent, public: what a gateway needs to mark a fork's ads in its playlists and to check the fork
 * against its original and the creator's signature before it plays it.
 */
@Path("/api/contents/{contentId}/fork")
@Produces(MediaType.APPLICATION_JSON)
public class ForkOfContentResource {

    private final ForkService forks;

    public ForkOfContentResource(ForkService forks) {
        this.forks = forks;
    }

    @GET
    @PermitAll
    @Operation(summary = "A consented fork: its original, ad, cue points and the creator's signed consent; state LAPSED once its term ended (404 for any other content)")
    public Uni<ForkView> fork(@PathParam("contentId") String contentId) {
        return forks.fork(contentId);
    }
}
