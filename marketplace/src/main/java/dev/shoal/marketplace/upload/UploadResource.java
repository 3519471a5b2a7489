package dev.shoal.marketplace.upload;

import dev.shoal.marketplace.content.ContentResource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.InputStream;
import java.net.URI;

/**
 * A dashboard page's upload (studio.js), on the dashboard's session: resumable in chunks as tus does it (create with
 * the size, HEAD for the offset, PATCH each chunk at {@code Upload-Offset}), then the transcoding's progress, the
 * manifest for the wallet to sign, and the signature that registers the content. One pipeline, mounted for each role
 * that publishes: the creator's videos ({@link Creators}) and the advertiser's ads ({@link Advertisers}), each ad cut
 * like the original it is for.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class UploadResource {

    static final String OFFSET = "Upload-Offset";

    private final UploadService uploads;
    private final SecurityIdentity identity;
    private final String base;

    UploadResource(UploadService uploads, SecurityIdentity identity, String base) {
        this.uploads = uploads;
        this.identity = identity;
        this.base = base;
    }

    /** The creator page's uploads: videos, transcoded to the usual ladder. */
    @Path(Creators.BASE)
    @RolesAllowed("creator")
    public static class Creators extends UploadResource {

        static final String BASE = "/dashboard/creator/uploads";

        public Creators(UploadService uploads, SecurityIdentity identity) {
            super(uploads, identity, BASE);
        }
    }

    /** The advertiser page's uploads: ads, each transcoded like the original named at its creation. */
    @Path(Advertisers.BASE)
    @RolesAllowed("advertiser")
    public static class Advertisers extends UploadResource {

        static final String BASE = "/dashboard/advertiser/uploads";

        public Advertisers(UploadService uploads, SecurityIdentity identity) {
            super(uploads, identity, BASE);
        }

        @Override
        UploadRequest checked(UploadRequest request) {
            if (request != null && (request.original() == null || request.original().isBlank())) {
                throw new dev.shoal.contracts.problem.ProblemException(dev.shoal.contracts.problem.ProblemType.INVALID_REQUEST,
                        "original is the content the ad is for: the ad is cut like it, to splice into each of its renditions",
                        java.util.Map.of("field", "original"));
            }
            return request;
        }
    }

    /** What this role's uploads must name beyond a file. */
    UploadRequest checked(UploadRequest request) {
        return request;
    }

    public record ManifestRequest(String creator) {
    }

    public record SignatureRequest(String signature) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public Response create(UploadRequest request) {
        Upload upload = uploads.create(owner(), checked(request));
        return Response.created(URI.create(base + "/" + upload.id)).header(OFFSET, 0).entity(uploads.view(upload)).build();
    }

    @HEAD
    @Path("/{id}")
    @Blocking
    @Operation(hidden = true)
    public Response offset(@PathParam("id") String id) {
        Upload upload = uploads.owned(owner(), id);
        return Response.ok().header(OFFSET, upload.offset).header("Upload-Length", upload.size).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}")
    @Blocking
    @Operation(hidden = true)
    public Response one(@PathParam("id") String id) {
        return Response.ok(uploads.view(uploads.owned(owner(), id))).header("Cache-Control", "no-store").build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Blocking
    @Operation(hidden = true)
    public Response chunk(@PathParam("id") String id, @HeaderParam(OFFSET) Long offset, InputStream body) {
        if (offset == null) {
            throw new dev.shoal.contracts.problem.ProblemException(dev.shoal.contracts.problem.ProblemType.INVALID_REQUEST,
                    "the Upload-Offset header (where this chunk starts) is required");
        }
        Upload upload = uploads.append(owner(), id, offset, body);
        return Response.ok(uploads.view(upload)).header(OFFSET, upload.offset).build();
    }

    @POST
    @Path("/{id}/manifest")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public UploadView manifest(@PathParam("id") String id, ManifestRequest request) {
        return uploads.view(uploads.manifest(owner(), id, request == null ? null : request.creator()));
    }

    @POST
    @Path("/{id}/signature")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<UploadView> sign(@PathParam("id") String id, SignatureRequest request, @Context UriInfo uri) {
        String owner = owner();
        String name = ContentResource.displayName(identity);
        String base = uri.getBaseUri().toString();
        io.vertx.core.Context context = Vertx.currentContext();
        // checking the signature reads the database and may rebuild the manifest (hashing): off the event loop, then back
        return Uni.createFrom().item(() -> uploads.signed(owner, id, request == null ? null : request.signature()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(signed -> uploads.register(owner, name, id, signed, base))
                .map(uploads::view);
    }

    @DELETE
    @Path("/{id}")
    @Blocking
    @Operation(hidden = true)
    public Response remove(@PathParam("id") String id) {
        uploads.remove(owner(), id);
        return Response.noContent().build();
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
