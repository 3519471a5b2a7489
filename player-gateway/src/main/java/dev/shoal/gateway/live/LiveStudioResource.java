package dev.shoal.gateway.live;

import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/**
 * The room's live page as its creator sees it, signed in through the Keycloak login form (the "studio" OIDC tenant,
 * authorization code flow, a session cookie for /studio only): the same page with "End broadcast". Ending is the
 * bearer API's end ({@link LiveRooms#endByCreator}): another creator's room answers 403 problem+json.
 */
@Path("/studio/live/{room}")
@Authenticated
public class LiveStudioResource {

    private final LiveRooms rooms;
    private final SecurityIdentity identity;
    private final Outbox outbox;

    public LiveStudioResource(LiveRooms rooms, SecurityIdentity identity, Outbox outbox) {
        this.rooms = rooms;
        this.identity = identity;
        this.outbox = outbox;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@PathParam("room") String room, @Context UriInfo uri) {
        return LivePageResource.page(rooms, room, uri, false, true);
    }

    /** "End broadcast": the room goes ENDING (or a scheduled one is cancelled); back to the page (303). */
    @POST
    @Path("/end")
    @Operation(hidden = true)
    public Uni<Response> end(@PathParam("room") String room) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        String authorization = token == null ? null : "Bearer " + token.getToken();
        return rooms.endByCreator(LiveRoomResource.id(room), identity.getPrincipal().getName(), authorization)
                .invoke(outbox::committed)
                .map(view -> Response.seeOther(URI.create("/studio/live/" + view.room())).build());
    }
}
