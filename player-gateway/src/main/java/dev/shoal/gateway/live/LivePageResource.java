package dev.shoal.gateway.live;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The embeddable live player of a room (the page itself is LivePlayerResource's root). */
@Path("/embed/live/{room}")
@PermitAll
public class LivePageResource {

    private final LiveRooms rooms;

    public LivePageResource(LiveRooms rooms) {
        this.rooms = rooms;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The live player alone, for an <iframe>")
    public Uni<TemplateInstance> embed(@PathParam("room") String room, @Context UriInfo uri) {
        return page(rooms.room(LiveRoomResource.id(room)), uri, true, false);
    }

    static Uni<TemplateInstance> page(Uni<RoomView> room, UriInfo uri, boolean embed, boolean manage) {
        return room.map(r -> new LivePage(r.room(), r.title(), r.creator(), dev.shoal.contracts.identity.Address.shortened(r.creator()), r.state(),
                r.segmentSeconds(), r.maxDelaySeconds(), r.viewers(), embed,
                uri.getBaseUriBuilder().path("embed").path("live").path(r.room()).build().toString(), manage,
                manage && r.archive() != null ? r.archive().refusalShown() : null, manage ? new io.quarkus.qute.RawString(StudioSources.of(r).render()) : null));
    }
}
