package dev.shoal.marketplace.locator;

import dev.shoal.contracts.directory.Location;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Public: players and gateways ask where a content lives (wire format: contracts' {@code directory} package). */
@Path("/api/locate")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class LocatorResource {

    private final LocatorService locator;

    public LocatorResource(LocatorService locator) {
        this.locator = locator;
    }

    @GET
    @Path("/{contentId}")
    @Operation(summary = "Live sources of a content ranked for the caller, and a signed locator ticket")
    public Uni<Location> locate(@PathParam("contentId") String contentId, @QueryParam("region") String region) {
        return locator.locate(contentId, region);
    }
}
