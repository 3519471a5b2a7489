package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.live.AnnouncementsAccepted;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.RelayClaim;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The room at the gateway, as its origin calls it (contracts' {@code live} wire formats; docs/live.md). Built per
 * gateway URL with {@code QuarkusRestClientBuilder}: a room names its own gateway.
 */
@Path("/api/live/rooms/{room}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface LiveRoomApi {

    /** The room as the gateway shows it (its title names the recording). */
    @GET
    JsonNode room(@PathParam("room") String room);

    /** Ends the room with its recording: {@code {"manifest": <SignedManifest JSON>}}. */
    @POST
    @Path("/end")
    JsonNode end(@PathParam("room") String room, JsonNode recording);

    @PUT
    @Path("/origin")
    AnnouncementsAccepted claimOrigin(@PathParam("room") String room, OriginClaim claim);

    /** A relay agent's claim (and heartbeat), signed by its own key: answers the origin and the room's other relays. */
    @PUT
    @Path("/relays")
    JsonNode claimRelay(@PathParam("room") String room, RelayClaim claim);

    /** For the origin: whether the room is shielded, and the agents of its live relays. */
    @GET
    @Path("/relays")
    JsonNode relays(@PathParam("room") String room);

    /** @param announcements contracts' SignedAnnouncement JSON (version 2), in order */
    @POST
    @Path("/announcements")
    AnnouncementsAccepted announce(@PathParam("room") String room, List<JsonNode> announcements);
}
