package dev.shoal.gateway.live;

import dev.shoal.contracts.live.ArchiveTerms;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.live.AnnouncementsAccepted;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.RelayClaim;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The room API (docs/live.md, "Room API"). */
@Path("/api/live/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LiveRoomResource {

    /** The end's body from the origin: the recording's signed manifest (JSON form). */
    public record EndRequest(String manifest) {
    }

    private final LiveRooms rooms;
    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final CurrentIdentityAssociation identities;
    private final LiveRelays relays;

    public LiveRoomResource(LiveRooms rooms, SecurityIdentity identity, Outbox outbox, CurrentIdentityAssociation identities,
                            LiveRelays relays) {
        this.relays = relays;
        this.rooms = rooms;
        this.identity = identity;
        this.outbox = outbox;
        this.identities = identities;
    }

    @POST
    @RolesAllowed("creator")
    @Operation(summary = "Open a live room (SCHEDULED until its first announcement)")
    public Uni<Response> open(LiveRooms.OpenRequest request) {
        return rooms.open(identity.getPrincipal().getName(), displayName(identity), request)
                .map(r -> Response.created(URI.create("/api/live/rooms/" + r.room())).entity(r).build());
    }

    @GET
    @PermitAll
    @Operation(summary = "Rooms in a state (LIVE: what is live now)")
    public Uni<List<RoomView>> list(@QueryParam("state") @DefaultValue("LIVE") String state) {
        RoomState s;
        try {
            s = RoomState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "state is one of SCHEDULED, LIVE, INTERRUPTED, ENDED");
        }
        return rooms.inState(s);
    }

    @GET
    @Path("/{room}")
    @PermitAll
    @Operation(summary = "A room: title, creator, state, renditions, viewers, origin (unless shielded)")
    public Uni<RoomView> room(@PathParam("room") String room) {
        return rooms.room(id(room));
    }

    @PUT
    @Path("/{room}/origin")
    @PermitAll
    @Operation(summary = "The origin's claim, signed by the room's creator key: binds the origin")
    public Uni<AnnouncementsAccepted> claim(@PathParam("room") String room, OriginClaim claim) {
        return rooms.claim(id(room), claim);
    }

    @PUT
    @Path("/{room}/relays")
    @PermitAll
    @Operation(summary = "A relay agent's claim of the room, signed by its own key; sent again as its heartbeat")
    public Uni<LiveRelays.Claimed> relay(@PathParam("room") String room, RelayClaim claim) {
        return relays.claim(id(room), claim);
    }

    @PUT
    @Path("/{room}/chosen-relays")
    @RolesAllowed("creator")
    @Operation(summary = "The creator chooses the relay agents (addresses) that may carry the room; null: any agent that opts in")
    public Uni<RoomView> chooseRelays(@PathParam("room") String room, LiveRooms.ChosenRelaysRequest request) {
        // the change's event goes out at once: the origin refuses a relay removed as soon as its event stream says so
        return rooms.chooseRelays(id(room), identity.getPrincipal().getName(), request).invoke(outbox::committed);
    }

    @GET
    @Path("/{room}/relays")
    @PermitAll
    @Operation(summary = "For the origin: whether the room is shielded, and the relay agents whose signed requests it serves")
    public Uni<LiveRelays.Relays> relays(@PathParam("room") String room) {
        return relays.relaysOf(id(room));
    }

    @POST
    @Path("/{room}/announcements")
    @PermitAll
    @Operation(summary = "An ordered batch of announcements, each signed by the room's creator key")
    public Uni<AnnouncementsAccepted> announce(@PathParam("room") String room, List<JsonNode> batch) {
        return rooms.announce(id(room), batch).invoke(outbox::committed);
    }

    @POST
    @Path("/{room}/end")
    @PermitAll
    @Operation(summary = "End: the origin with the recording's signed manifest, or the creator (bearer) to cancel or register it")
    public Uni<RoomView> end(@PathParam("room") String room, EndRequest request,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (request != null && request.manifest() != null) {
            return rooms.endWithRecording(id(room), request.manifest()).invoke(outbox::committed);
        }
        UUID id = id(room);
        // the bearer is optional here (the origin's end carries none): the identity is resolved without blocking
        return identities.getDeferredIdentity().chain(caller -> {
            if (caller.isAnonymous()) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, "the creator's bearer token, or the origin's recording, is required");
            }
            if (!caller.hasRole("creator")) {
                throw new ProblemException(ProblemType.FORBIDDEN, "only creators end rooms");
            }
            return rooms.endByCreator(id, caller.getPrincipal().getName(), authorization);
        }).invoke(outbox::committed);
    }

    @POST
    @Path("/{room}/archive")
    @RolesAllowed("creator")
    @Operation(summary = "Archive with N replicas: the recording registered and the storage order placed, in one step")
    public Uni<Response> archive(@PathParam("room") String room, ArchiveTerms request,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return rooms.archive(id(room), identity.getPrincipal().getName(), authorization, request).invoke(outbox::committed)
                .map(archived -> Response.status(Response.Status.CREATED).entity(archived).build());
    }

    /** The name the recording will be shown under when the gateway registers it for the owner (the preset's order), if the token has one. */
    static String displayName(SecurityIdentity identity) {
        Object name = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken token ? token.getClaim("name") : null;
        return name == null ? null : name.toString();
    }

    static UUID id(String room) {
        try {
            return UUID.fromString(room);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + room);
        }
    }
}
