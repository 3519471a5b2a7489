package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origin of contents uploaded on the dashboard: {@code GET /uploads/segments/{sha256}} as an agent serves it, so the
 * agents placed for an order copy the segments from here (each checked by its hash) and players can start at once.
 */
@Path(UploadOriginResource.PATH)
public class UploadOriginResource {

    public static final String PATH = "/uploads";

    private final UploadService uploads;

    public UploadOriginResource(UploadService uploads) {
        this.uploads = uploads;
    }

    @GET
    @Path("/segments/{sha256}")
    @Produces("video/mp2t")
    @Blocking
    @Operation(summary = "A segment of a content uploaded on the dashboard, by the SHA-256 of its bytes")
    public Response segment(@PathParam("sha256") String hex, @HeaderParam("Range") String range) {
        Sha256 sha;
        try {
            sha = Sha256.fromHex(hex);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_SEGMENT_ID, hex + " is not a SHA-256 in lowercase hex");
        }
        java.nio.file.Path file = uploads.segment(sha)
                .orElseThrow(() -> new ProblemException(ProblemType.SEGMENT_NOT_FOUND, "no uploaded content has segment " + hex));
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            long first = 0;
            long last = size - 1;
            boolean partial = false;
            if (range != null) {
                Matcher m = RANGE.matcher(range.strip());
                if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                    throw new ProblemException(ProblemType.RANGE_NOT_SATISFIABLE, "one range of bytes is served, as bytes=FIRST-LAST, not " + range);
                }
                first = m.group(1).isEmpty() ? Math.max(0, size - Long.parseLong(m.group(2))) : Long.parseLong(m.group(1));
                last = m.group(1).isEmpty() || m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (first >= size || first > last) {
                    throw new ProblemException(ProblemType.RANGE_NOT_SATISFIABLE, "segment " + hex + " has " + size + " bytes, not " + range);
                }
                partial = true;
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(last - first + 1));
            while (bytes.hasRemaining() && channel.read(bytes, first + bytes.position()) >= 0) {
                // read until the slice is full
            }
            Response.ResponseBuilder answer = Response.status(partial ? 206 : 200).entity(bytes.array())
                    .header("Accept-Ranges", "bytes").header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("Access-Control-Allow-Origin", "*");
            if (partial) {
                answer.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
            }
            return answer.build();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.SEGMENT_NOT_FOUND, "segment " + hex + " cannot be read: " + e.getMessage());
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
}
