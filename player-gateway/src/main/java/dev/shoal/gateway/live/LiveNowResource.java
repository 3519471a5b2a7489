package dev.shoal.gateway.live;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The gateway's home page: the rooms live now. */
@Path("/")
@PermitAll
public class LiveNowResource {

    private final LiveRooms rooms;

    public LiveNowResource(LiveRooms rooms) {
        this.rooms = rooms;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "What is live now")
    public Uni<TemplateInstance> home() {
        return rooms.inState(RoomState.LIVE).map(LiveNow::new);
    }
}
