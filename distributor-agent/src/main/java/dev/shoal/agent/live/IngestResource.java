package dev.shoal.agent.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Where the encoder (ffmpeg's {@code -method PUT}, OBS's HLS over HTTP) writes a room's HLS:
 * {@code /ingest/{room}/{streamKey}/{path}}. The stream key in the path is the credential; it is never logged
 * (a failure is logged with the room and an incident id only).
 */
@Path("/ingest/{room}")
@Blocking
public class IngestResource {

    private static final Logger LOG = Logger.getLogger(IngestResource.class);

    private final LiveRooms rooms;

    public IngestResource(LiveRooms rooms) {
        this.rooms = rooms;
    }

    @PUT
    @Path("/{key}/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The encoder writes a playlist or a segment of a live room")
    public Response put(@PathParam("room") String room, @PathParam("key") String key, @PathParam("path") String path,
                        InputStream body) {
        try {
            return Response.ok(rooms.put(room, key, path, body)).build();
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw incident(room, e);
        }
    }

    /** {@code /ingest/{room}/index.m3u8}: an ingest URL without its stream key. */
    @PUT
    @Path("/{file}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Refused: the ingest URL needs the stream key")
    public Response putWithoutKey(@PathParam("room") String room, @PathParam("file") String file) {
        rooms.authorised(room, null);
        throw new IllegalStateException("unreachable: a missing key is refused");
    }

    @DELETE
    @Path("/{key}/{path: .+}")
    @Operation(summary = "Accepted and ignored: the origin keeps every segment for the recording")
    public Response delete(@PathParam("room") String room, @PathParam("key") String key, @PathParam("path") String path) {
        try {
            rooms.delete(room, key, path);
            return Response.noContent().build();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw incident(room, e);
        }
    }

    private static ProblemException incident(String room, Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "live ingest of room %s failed (incident %s)", IngestPath.shown(room), incident);
        return new ProblemException(ProblemType.INTERNAL, "the origin could not take this file; quote incident " + incident);
    }
}
