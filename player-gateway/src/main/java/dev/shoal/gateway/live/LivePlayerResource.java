package dev.shoal.gateway.live;

import dev.shoal.contracts.live.RoomEventStream;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/** What players read: the room's event stream, its live playlists, and where its segments are (docs/live.md). */
@Path("/live/{room}")
@PermitAll
public class LivePlayerResource {

    static final String M3U8 = "application/vnd.apple.mpegurl";
    /** The event stream's query parameter by which a page that does not seed takes no seed turns. */
    static final String SEEDING = "seeding";
    static final String SEEDING_OFF = "off";
    private static final Logger LOG = Logger.getLogger(LivePlayerResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a segment's redirect waits for a relay to hold it, and how often it looks again. */
    static final Duration RELAY_WAIT = Duration.ofSeconds(4);
    static final Duration RELAY_RECHECK = Duration.ofMillis(200);

    private final LivePlaylists playlists;
    private final LiveFanOut fanOut;
    private final LiveRooms rooms;
    private final Vertx vertx;

    public LivePlayerResource(LivePlaylists playlists, LiveFanOut fanOut, LiveRooms rooms, Vertx vertx) {
        this.playlists = playlists;
        this.fanOut = fanOut;
        this.rooms = rooms;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The live page of a room")
    public Uni<TemplateInstance> page(@PathParam("room") String room, @Context UriInfo uri) {
        return LivePageResource.page(rooms.room(LiveRoomResource.id(room)), uri, false, false);
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @NonBlocking
    @Operation(summary = "Server-sent events: the room, its current window (or, with Last-Event-ID, what the viewer missed), then every announcement and state change, and this viewer's seed turns (none with seeding=off)")
    public void events(@PathParam("room") String room, @HeaderParam("Last-Event-ID") String lastEventId,
                       @HeaderParam(RoomEventStream.FOLLOWER_HEADER) String follower,
                       @QueryParam(SEEDING) String seeding,
                       @Context SseEventSink sink, @Context Sse sse) {
        UUID id = LiveRoomResource.id(room);
        boolean seeds = seeds(seeding);
        // the origin follows the stream for its end, relay agents for the announcements: not counted among the room's viewers
        LiveFanOut.Viewer viewer = fanOut.join(id.toString(), sink, sse, !RoomEventStream.ORIGIN.equals(follower)
                && !RoomEventStream.RELAY.equals(follower), seeds);
        // a reconnecting EventSource names the last announcement it got: it gets what it missed, else the window
        playlists.resume(id, lastEventId).subscribe().with(w -> {
            viewer.send("room", id.toString(), JSON.createObjectNode().put("room", id.toString()).put("title", w.room().title)
                    .put("creator", w.room().creator).put("state", w.room().state.name())
                    .put("segmentSeconds", w.room().segmentSeconds).put("maxDelaySeconds", w.room().maxDelaySeconds)
                    // the announcements that follow at once were made before the viewer came: their way says nothing of now
                    .put("window", w.announcements().size()).put("announcementWayMillis", w.wayMillis()).toString());
            viewer.primed(w.announcements());
        }, failure -> {
            LOG.debugf("room %s: no event stream (%s)", room, failure.getMessage());
            fanOut.leave(viewer);
            sink.close();
        });
    }

    /** Whether a viewer's stream takes seed turns: yes unless its page says {@code seeding=off} (it does not seed). */
    static boolean seeds(String seeding) {
        if (seeding == null) {
            return true;
        }
        if (SEEDING_OFF.equals(seeding)) {
            return false;
        }
        throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the query parameter " + SEEDING + " is " + SEEDING_OFF + " or absent");
    }

    @GET
    @Path("/master.m3u8")
    @Produces(M3U8)
    public Uni<Response> master(@PathParam("room") String room) {
        UUID id = LiveRoomResource.id(room);
        return playlists.master(id).map(text -> playlist(text, 1));
    }

    @GET
    @Path("/{rendition}.m3u8")
    @Produces(M3U8)
    public Uni<Response> media(@PathParam("room") String room, @PathParam("rendition") String rendition) {
        UUID id = LiveRoomResource.id(room);
        return playlists.media(id, rendition).map(text -> playlist(text, 1));
    }

    @GET
    @Path("/segments/{name}")
    @Operation(summary = "Redirect to a source of an announced segment")
    public Uni<Response> segment(@PathParam("room") String room, @PathParam("name") String name) {
        return segment(LiveRoomResource.id(room), name, System.nanoTime() + RELAY_WAIT.toNanos());
    }

    /**
     * A viewer at the front asks for a segment the moment it is announced, before any relay of a shielded room has
     * fetched it: the answer waits for a relay to report it (it does so as soon as it holds it), up to
     * {@link #RELAY_WAIT}, then says when to ask again (503, {@code Retry-After}).
     */
    private Uni<Response> segment(UUID room, String name, long deadline) {
        return playlists.segment(room, name).map(uri -> Response.status(Response.Status.FOUND).location(uri).build())
                .onFailure(e -> e instanceof ProblemException p && p.type() == ProblemType.SEGMENT_NOT_RELAYED_YET
                        && System.nanoTime() + RELAY_RECHECK.toNanos() < deadline)
                .recoverWithUni(e -> Uni.createFrom().<Long>emitter(later -> vertx.setTimer(RELAY_RECHECK.toMillis(), later::complete))
                        .chain(() -> segment(room, name, deadline)));
    }

    private static Response playlist(String text, int maxAgeSeconds) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(maxAgeSeconds);
        return Response.ok(text, M3U8).cacheControl(cache).build();
    }
}
