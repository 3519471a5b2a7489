package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.mirror.MirrorList;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.marketplace.MarketplaceConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;

/**
 * A content's external mirrors. The signature is the authority, as for agents' messages: a registration signed by the
 * content's creator needs no session, so {@code shoal mirror add} and scripts register with the creator's key alone.
 */
@Path("/api/contents/{contentId}/mirrors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class MirrorResource {

    private final MirrorService mirrors;
    private final MarketplaceConfig config;
    private final Clock clock;

    public MirrorResource(MirrorService mirrors, MarketplaceConfig config, Clock clock) {
        this.mirrors = mirrors;
        this.config = config;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Register a mirror: a MirrorRegistration (action add) signed by the content's creator")
    public Uni<Response> add(@PathParam("contentId") String contentId, MirrorRegistration registration) {
        return checked(contentId, MirrorRegistration.ADD, registration).chain(mirrors::add)
                .map(m -> Response.created(URI.create("/api/contents/" + contentId + "/mirrors"))
                        .entity(new MirrorList.Mirror(m.url, m.registrant, m.registeredAt.toInstant().toString())).build());
    }

    @DELETE
    @Operation(summary = "Remove a mirror: a MirrorRegistration (action remove) signed by the content's creator")
    public Uni<Response> remove(@PathParam("contentId") String contentId, MirrorRegistration registration) {
        return checked(contentId, MirrorRegistration.REMOVE, registration).chain(mirrors::remove)
                .map(v -> Response.noContent().build());
    }

    @GET
    @Operation(summary = "A content's mirrors (public)")
    public Uni<MirrorList> list(@PathParam("contentId") String contentId) {
        return mirrors.of(contentId).map(list -> MirrorList.of(contentId, list.stream()
                .map(m -> new MirrorList.Mirror(m.url, m.registrant, m.registeredAt.toInstant().toString())).toList()));
    }

    /** The checks that need no database, the host's resolution among them: off the event loop, then back on its context. */
    private Uni<MirrorChecks.Checked> checked(String contentId, String action, MirrorRegistration registration) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> {
                    MirrorChecks.Checked c = MirrorChecks.check(contentId, action, registration, clock.instant(), config.mirrors().freshness());
                    if (MirrorRegistration.ADD.equals(action)) {
                        MirrorChecks.requirePublicHost(c.template().host(), config.mirrors().allowLoopback());
                    }
                    return c;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()));
    }
}
