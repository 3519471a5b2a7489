package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogEntry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;


/**
 * Public: what a published content is, for players and gateways. The signed manifest is the creator's own
 * statement of every segment's hash, so it is public by nature; whoever reads it can (and should) verify it.
 * Wire format: contracts' {@code directory} package.
 */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CatalogResource {

    private final ContentService contents;

    public CatalogResource(ContentService contents) {
        this.contents = contents;
    }

    @GET
    @Path("/{contentId}")
    @Operation(summary = "A published content: title, creator, signed manifest and origins")
    public Uni<CatalogEntry> one(@PathParam("contentId") String contentId) {
        return contents.published(contentId).map(c -> CatalogEntry.of(c.contentId, c.title, c.creator, c.totalBytes,
                c.manifest, contents.origins(c), c.registeredAt.toString()));
    }
}
