package dev.shoal.gateway.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

    /**
     * "End broadcast": the room goes ENDING (or a scheduled one is cancelled); back to the page (303). The session cookie
     * would go along with a form another site's page submits here: a request from another origin is refused (403).
     */
    @POST
    @Path("/end")
    @Operation(hidden = true)
    public Uni<Response> end(@PathParam("room") String room, @HeaderParam("Origin") String origin,
                             @HeaderParam("Sec-Fetch-Site") String fetchSite, @HeaderParam("Host") String host) {
        String crossSite = crossOrigin(origin, fetchSite, host);
        if (crossSite != null) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the creator's pages take forms from their own pages only: " + crossSite);
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        String authorization = token == null ? null : "Bearer " + token.getToken();
        return rooms.endByCreator(LiveRoomResource.id(room), identity.getPrincipal().getName(), authorization)
                .invoke(outbox::committed)
                .map(view -> Response.seeOther(URI.create("/studio/live/" + view.room())).build());
    }

    /**
     * Why a browser's request did not come from this gateway's own pages, or null when it did (or came from no browser:
     * no {@code Origin}, no {@code Sec-Fetch-Site}). Every current browser sends both with a form's POST; behind a
     * proxy, {@code Host} must be the public one (the manifests' routes keep it).
     */
    static String crossOrigin(String origin, String fetchSite, String host) {
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return "the browser says the request came from a " + fetchSite + " page";
        }
        if (origin == null) {
            return null;
        }
        URI from;
        try {
            from = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return "origin " + origin + " is not a URL";
        }
        if (from.getHost() == null || host == null || !authority(from.getScheme(), from.getHost(), from.getPort())
                .equals(authority(from.getScheme(), host))) {
            return "the request came from " + origin + ", not from this gateway (" + host + ")";
        }
        return null;
    }

    private static String authority(String scheme, String host, int port) {
        boolean usual = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return (usual ? host : host + ":" + port).toLowerCase(java.util.Locale.ROOT);
    }

    private static String authority(String scheme, String hostHeader) {
        URI u;
        try {
            u = URI.create("http://" + hostHeader.strip());
        } catch (IllegalArgumentException e) {
            return "";
        }
        return u.getHost() == null ? "" : authority(scheme, u.getHost(), u.getPort());
    }
}
