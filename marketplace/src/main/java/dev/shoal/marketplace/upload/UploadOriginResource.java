package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The origin of contents uploaded on the dashboard: {@code GET /uploads/segments/{sha256}} as an agent serves it, so the
 * agents placed for an order copy the segments from here (each checked by its hash) and players can start at once.
 */
@Path(UploadOriginResource.PATH)
public class UploadOriginResource {

    static final String PATH = "/uploads";

    private final UploadService uploads;

    public UploadOriginResource(UploadService uploads) {
        this.uploads = uploads;
    }

    @GET
    @Path("/segments/{sha256}")
    @Produces("video/mp2t")
    @Blocking
    @Operation(summary = "A segment of a content uploaded on the dashboard, by the SHA-256 of its bytes")
    public Response segment(@PathParam("sha256") String hex) {
        Sha256 sha;
        try {
            sha = Sha256.fromHex(hex);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_SEGMENT_ID, hex + " is not a SHA-256 in lowercase hex");
        }
        return uploads.segment(sha).map(file -> Response.ok(file.toFile()).header("Cache-Control", "public, max-age=31536000, immutable")
                        .header("Access-Control-Allow-Origin", "*").build())
                .orElseThrow(() -> new ProblemException(ProblemType.SEGMENT_NOT_FOUND, "no uploaded content has segment " + hex));
    }
}
