package dev.shoal.gateway.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;

/**
 * The creator's pages, signed in through the Keycloak login form (the "studio" OIDC tenant, authorization code flow, a
 * session cookie for /studio only). {@code /studio/live}: their rooms and "Schedule a room", which opens a room with the
 * bearer API's own call ({@link LiveRooms#open}), its refusals shown on the form. {@code /studio/live/{room}}: the room's
 * live page with its sources (refreshed every 2 s from {@code /studio/live/{room}/sources}) and "End broadcast" (the bearer API's end, {@link LiveRooms#endByCreator}: another creator's room answers
 * 403 problem+json) and, while it is scheduled, how the creator's own agent becomes its origin. A room's page and sources
 * answer its owner only, as its end does: any other account, a creator or not, gets 403 problem+json. The session cookie would
 * go along with a form another site's page submits: every POST from another origin is refused (403).
 */
@Path("/studio/live")
@Authenticated
public class LiveStudioResource {

    private final LiveRooms rooms;
    private final LiveStudio studio;
    private final SecurityIdentity identity;
    private final Outbox outbox;

    public LiveStudioResource(LiveRooms rooms, LiveStudio studio, SecurityIdentity identity, Outbox outbox) {
        this.rooms = rooms;
        this.studio = studio;
        this.identity = identity;
        this.outbox = outbox;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<TemplateInstance> yourRooms() {
        return studio.page(identity.getPrincipal().getName(), authorization(), null, null).map(page -> page);
    }

    /** "Schedule a room": 303 to the new room's studio page, or the form again (400) with why it was refused, nothing stored. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<Response> schedule(@FormParam("title") String title, @FormParam("creator") String creator,
                                  @FormParam("segmentSeconds") String segmentSeconds, @FormParam("maxDelaySeconds") String maxDelaySeconds,
                                  @FormParam("shield") String shield, @FormParam("archive") String archive,
                                  @FormParam("replicas") String replicas, @FormParam("months") String months,
                                  @FormParam("maxPricePerGbMonth") String maxPrice, @FormParam("relay") List<String> relays,
                                  @HeaderParam("Origin") String origin, @HeaderParam("Sec-Fetch-Site") String fetchSite,
                                  @HeaderParam("Host") String host) {
        sameOriginOnly(origin, fetchSite, host);
        ScheduleForm form = new ScheduleForm(title, creator, segmentSeconds, maxDelaySeconds, shield != null, archive != null,
                replicas, months, maxPrice, relays);
        return scheduleFor(identity.getPrincipal().getName(), LiveRoomResource.displayName(identity), form);
    }

    Uni<Response> scheduleFor(String owner, String ownerName, ScheduleForm form) {
        LiveRooms.OpenRequest request;
        try {
            request = form.request();
        } catch (ProblemException e) {
            return refused(owner, form, e);
        }
        return rooms.open(owner, ownerName, request)
                .map(view -> Response.seeOther(URI.create("/studio/live/" + view.room())).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(owner, form, (ProblemException) e));
    }

    private Uni<Response> refused(String owner, ScheduleForm form, ProblemException why) {
        return studio.page(owner, authorization(), form, why).map(page -> Response.status(why.type().status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(page).build());
    }

    /**
     * What the market asks now for {@code replicas} replicas ({@link StudioMarketAsks}), which the studio's form fetches
     * again as the creator changes the count; an empty, hidden hint when the marketplace does not say.
     */
    @GET
    @Path("/asks")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<TemplateInstance> asks(@QueryParam("replicas") @DefaultValue("5") String replicas) {
        return studio.asks(replicas, authorization()).map(StudioMarketAsks::new);
    }

    /** The room's studio page, for its owner only ({@link LiveRooms#ownRoom}: 403 problem+json to anyone else). */
    @GET
    @Path("/{room}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@PathParam("room") String room, @Context UriInfo uri) {
        return LivePageResource.page(ownRoom(room), uri, false, true);
    }

    /** The room's sources as its studio page shows them ({@link StudioSources}), which the page fetches again every 2 s. */
    @GET
    @Path("/{room}/sources")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<TemplateInstance> sources(@PathParam("room") String room) {
        return ownRoom(room).map(StudioSources::of);
    }

    private Uni<RoomView> ownRoom(String room) {
        return rooms.ownRoom(LiveRoomResource.id(room), identity.getPrincipal().getName());
    }

    /** "End broadcast": the room goes ENDING (or a scheduled one is cancelled); back to the page (303). */
    @POST
    @Path("/{room}/end")
    @Operation(hidden = true)
    public Uni<Response> end(@PathParam("room") String room, @HeaderParam("Origin") String origin,
                             @HeaderParam("Sec-Fetch-Site") String fetchSite, @HeaderParam("Host") String host) {
        sameOriginOnly(origin, fetchSite, host);
        return rooms.endByCreator(LiveRoomResource.id(room), identity.getPrincipal().getName(), authorization())
                .invoke(outbox::committed)
                .map(view -> Response.seeOther(URI.create("/studio/live/" + view.room())).build());
    }

    /** The signed-in creator's access token, passed on to the marketplace, or null. */
    private String authorization() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        return token == null ? null : "Bearer " + token.getToken();
    }

    /** @throws ProblemException 403 {@code forbidden} when a browser's request came from another origin than this gateway */
    static void sameOriginOnly(String origin, String fetchSite, String host) {
        String crossSite = crossOrigin(origin, fetchSite, host);
        if (crossSite != null) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the creator's pages take forms from their own pages only: " + crossSite);
        }
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
