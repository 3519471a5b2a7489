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

import java.util.List;

/** An original's consented forks, public: what a watch page offers beside the original. */
@Path("/api/contents/{contentId}/forks")
@Produces(MediaType.APPLICATION_JSON)
public class ForksOfContentResource {

    private final ForkService forks;

    public ForksOfContentResource(ForkService forks) {
        this.forks = forks;
    }

    @GET
    @PermitAll
    @Operation(summary = "A content's consented ad forks whose term runs, with their replicas, best seeded first")
    public Uni<List<ForkView>> forks(@PathParam("contentId") String contentId) {
        return forks.forksOf(contentId);
    }
}
