package dev.shoal.marketplace.content;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;

/** Creators register their signed manifests and list them. */
@Path("/api/contents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("creator")
public class ContentResource {

    private final ContentService contents;
    private final SecurityIdentity identity;

    public ContentResource(ContentService contents, SecurityIdentity identity) {
        this.contents = contents;
        this.identity = identity;
    }

    public record ContentView(String contentId, String creator, String title, long totalBytes, List<String> origins, String registeredAt) {
    }

    @POST
    @Operation(summary = "Register a signed manifest (its JSON form) and the URLs that serve it first")
    public Uni<Response> register(ContentService.Registration registration) {
        return contents.register(owner(), registration).map(c -> Response.created(URI.create("/api/contents/" + c.contentId))
                .entity(view(c)).build());
    }

    @GET
    @Operation(summary = "Your registered contents, newest first")
    public Uni<List<ContentView>> mine() {
        return contents.ofOwner(owner()).map(list -> list.stream().map(this::view).toList());
    }

    @GET
    @Path("/{contentId}")
    @Operation(summary = "One of your contents")
    public Uni<ContentView> one(@PathParam("contentId") String contentId) {
        return contents.owned(owner(), contentId).map(this::view);
    }

    private ContentView view(Content c) {
        return new ContentView(c.contentId, c.creator, c.title, c.totalBytes, contents.origins(c), c.registeredAt.toString());
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
