package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogItem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
    private final Posters posters;
    private final SecurityIdentity identity;

    public ContentResource(ContentService contents, Posters posters, SecurityIdentity identity) {
        this.contents = contents;
        this.posters = posters;
        this.identity = identity;
    }

    /** A content of yours; {@code creatorName} is the name it is shown under, {@code creator} the signing address. */
    public record ContentView(String contentId, String creator, String title, long totalBytes, List<String> origins, String registeredAt,
                              String creatorName, double durationSeconds, String poster) {
    }

    @POST
    @RolesAllowed({"creator", "advertiser"})
    @Operation(summary = "Register a signed manifest (its JSON form) and the URLs that serve it first (an advertiser registers its ads so)")
    public Uni<Response> register(ContentService.Registration registration) {
        return contents.register(owner(), displayName(), registration).map(c -> Response.created(URI.create("/api/contents/" + c.contentId))
                .entity(view(c)).build());
    }

    @GET
    @RolesAllowed({"creator", "advertiser"})
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

    @PUT
    @Path("/{contentId}/poster")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Set your content's poster: a JPEG, PNG or WebP (by its bytes) of at most 2 MiB, 16 to 4096 px a side")
    public Uni<Response> poster(@PathParam("contentId") String contentId, byte[] body) {
        String owner = owner();
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> PosterImage.read(body)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(image -> posters.put(owner, contentId, image, body))
                .map(p -> Response.ok(new PosterView(p.contentId, p.mediaType, p.width, p.height, p.bytes.length,
                        CatalogItem.posterPath(p.contentId))).build());
    }

    /** A poster as stored: what the catalog now serves at {@code url}. */
    public record PosterView(String contentId, String mediaType, int width, int height, long bytes, String url) {
    }

    private ContentView view(Content c) {
        return new ContentView(c.contentId, c.creator, c.title, c.totalBytes, contents.origins(c), c.registeredAt.toString(),
                c.creatorShown(), c.durationSeconds(), CatalogItem.posterPath(c.contentId));
    }

    private String displayName() {
        return displayName(identity);
    }

    /** The account's full name from the token ({@code name}), else its user name: what its contents are shown under. */
    public static String displayName(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object name = token.getClaim("name");
            if (name != null && !name.toString().isBlank()) {
                return name.toString().strip();
            }
        }
        return identity.getPrincipal().getName();
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
