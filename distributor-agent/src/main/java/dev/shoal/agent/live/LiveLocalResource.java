package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.operator.OperatorToken;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/** The creator's side of this origin, on the local API (operator token): open rooms, watch their announcements. */
@Path("/api/local/live/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LiveLocalResource {

    private final AgentRuntime runtime;
    private final LiveRooms rooms;
    private final AnnouncementSender sender;

    public LiveLocalResource(AgentRuntime runtime, LiveRooms rooms, AnnouncementSender sender) {
        this.runtime = runtime;
        this.rooms = rooms;
        this.sender = sender;
    }

    /**
     * @param gateway  where the room's announcements go; none keeps them here (the local API shows them)
     * @param shielded this origin serves the room's segments to its relay agents only (docs/live.md, "Shielded origin")
     */
    public record OpenRequest(String room, String gateway, Boolean shielded) {
    }

    /** @param acknowledged per rendition, the last index the gateway accepted (-1: none yet) */
    public record RoomView(String room, String creator, String gateway, boolean ended, long announcements,
                           int waitingUploads, List<RoomIngest.RenditionView> renditions, Map<String, Long> acknowledged) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make this agent the origin of a live room; answers the stream key, once")
    public Response open(@HeaderParam(OperatorToken.HEADER) String token, OpenRequest request) {
        runtime.token().check(token);
        if (request == null) {
            throw new dev.shoal.contracts.problem.ProblemException(dev.shoal.contracts.problem.ProblemType.INVALID_REQUEST,
                    "opening a room needs a body: {room, gateway?}");
        }
        LiveRooms.Opened opened = rooms.open(request.room(), request.gateway(), Boolean.TRUE.equals(request.shielded()));
        return Response.status(201).entity(opened).header("Location", "/api/local/live/rooms/" + opened.room()).build();
    }

    @GET
    @Path("/{room}")
    @Operation(summary = "A room at this origin: its renditions and chain tips, what waits, what the gateway acknowledged")
    public RoomView room(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("room") String id) {
        runtime.token().check(token);
        LiveRooms.Room r = rooms.room(id);
        return new RoomView(r.id(), rooms.creatorKey().address().toString(), r.gateway().orElse(null), r.ingest.ended(),
                r.announced.size(), r.ingest.waitingUploads(), r.ingest.renditions(), sender.acknowledged(r.id()));
    }

    @GET
    @Path("/{room}/announcements")
    @Operation(summary = "Every signed announcement of the room so far, in order (the JSON of contracts' SignedAnnouncement v2)")
    public List<JsonNode> announcements(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("room") String id) {
        runtime.token().check(token);
        return rooms.announcements(id).stream().map(a -> (JsonNode) a.toJsonTree()).toList();
    }
}
