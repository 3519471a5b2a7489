package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.serving.SegmentRoutes;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where the encoder (ffmpeg's {@code -method PUT}, OBS's HLS over HTTP) writes a room's HLS:
 * {@code PUT} and {@code DELETE /ingest/{room}/{streamKey}/{path}} (docs/live.md). On the Vert.x router rather
 * than JAX-RS because encoders do not wait for answers: ffmpeg closes the connection right after a file's last
 * byte and opens the next one, so the body is taken as it arrives (whatever happens to the connection after).
 * Segments are taken as soon as they are in; a room's playlists in the order their requests began, each waiting
 * a little for segments it names that are still on their way.
 * The stream key in the path is the credential: it is never logged.
 */
@Singleton
public class IngestRoutes {

    private static final Logger LOG = Logger.getLogger(IngestRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/ingest/";
    /** How long a playlist may wait for the bytes of a segment it names. */
    static final Duration NAMED_GRACE = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 100;

    private final LiveRooms rooms;

    public IngestRoutes(LiveRooms rooms) {
        this.rooms = rooms;
    }

    void routes(@Observes Router router) {
        router.route(PREFIX + "*").order(Integer.MIN_VALUE + 1).method(HttpMethod.PUT).method(HttpMethod.DELETE)
                .handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String[] parts = request.path().substring(PREFIX.length()).split("/", 3);
        String roomId = parts[0];
        LiveRooms.Room room;
        IngestPath path;
        try {
            room = rooms.authorised(roomId, parts.length == 3 ? parts[1] : null);
            path = IngestPath.ofRequest(parts[2]);
        } catch (ProblemException e) {
            LOG.infof("live room %s refused %s: %s", IngestPath.shown(roomId), file(ctx), e.type().slug());
            drainThen(ctx, () -> SegmentRoutes.problem(ctx, e.type(), e.getMessage(), e.extensions()));
            return;
        }
        if (request.method() == HttpMethod.DELETE) {
            rooms.delete(room);
            drainThen(ctx, () -> ctx.response().setStatusCode(204).end());
            return;
        }
        long max = path.kind() == IngestPath.Kind.PLAYLIST ? rooms.limits().maxPlaylistBytes() + 1L : rooms.maxSegmentBytes() + 1;
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        Buffer received = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (!over[0] && received.length() + chunk.length() <= max) {
                received.appendBuffer(chunk);
            } else {
                over[0] = true;
            }
        });
        request.exceptionHandler(e -> body.completeExceptionally(e));
        request.endHandler(v -> {
            if (over[0] && path.kind() != IngestPath.Kind.PLAYLIST) {
                body.completeExceptionally(LiveRooms.tooLarge(path, rooms.maxSegmentBytes()));
            } else {
                body.complete(received.getBytes());
            }
        });
        CompletableFuture<Object> done = path.kind() == IngestPath.Kind.PLAYLIST
                ? room.inTurn(body, bytes -> apply(ctx.vertx(), room, path, bytes, System.nanoTime() + NAMED_GRACE.toNanos()))
                : body.thenCompose(bytes -> apply(ctx.vertx(), room, path, bytes, 0));
        done.whenComplete((answer, failure) -> ctx.vertx().runOnContext(v -> respond(ctx, roomId, answer, failure)));
    }

    /**
     * Applies a file on a worker thread. A playlist that names a segment whose bytes are still on their way is
     * tried again until {@link #NAMED_GRACE} has passed: ffmpeg writes a second rendition's playlist just before
     * the segment it names. Trying again is safe, since a refused playlist changes nothing.
     */
    private CompletableFuture<Object> apply(Vertx vertx, LiveRooms.Room room, IngestPath path, byte[] bytes, long deadline) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        vertx.executeBlocking(() -> rooms.put(room, path, bytes), false).onComplete(ar -> {
            if (ar.succeeded()) {
                out.complete(ar.result());
            } else if (ar.cause() instanceof ProblemException p && p.type() == ProblemType.SEGMENT_NOT_UPLOADED
                    && System.nanoTime() < deadline) {
                vertx.setTimer(RETRY_MILLIS, t -> apply(vertx, room, path, bytes, deadline).whenComplete((r, f) -> {
                    if (f != null) {
                        out.completeExceptionally(f);
                    } else {
                        out.complete(r);
                    }
                }));
            } else {
                out.completeExceptionally(ar.cause());
            }
        });
        return out;
    }

    private static void respond(RoutingContext ctx, String roomId, Object answer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null && (ctx.response().ended() || ctx.response().closed())) {
            return;
        }
        if (cause == null) {
            try {
                ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(JSON.writeValueAsString(answer));
            } catch (Exception e) {
                ctx.response().setStatusCode(200).end();
            }
        } else if (cause instanceof ProblemException p) {
            // the encoder does not read answers: the origin's log is where a refusal can be seen
            LOG.infof("live room %s refused %s: %s (%s)", IngestPath.shown(roomId), file(ctx), p.type().slug(), p.getMessage());
            SegmentRoutes.problem(ctx, p.type(), p.getMessage(), p.extensions());
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(cause, "live ingest of room %s failed (incident %s)", IngestPath.shown(roomId), incident);
            SegmentRoutes.problem(ctx, ProblemType.INTERNAL, "the origin could not take this file; quote incident "
                    + incident, Map.of());
        }
    }

    /** The file a request named, without the stream key. */
    private static String file(RoutingContext ctx) {
        String[] parts = ctx.request().path().substring(PREFIX.length()).split("/", 3);
        return ctx.request().method() + " " + (parts.length == 3 ? parts[2] : "(no stream key)");
    }

    /** Answers once the request's body is through, so a client still sending gets the answer, not a reset. */
    private static void drainThen(RoutingContext ctx, Runnable answer) {
        if (ctx.request().isEnded()) {
            answer.run();
            return;
        }
        ctx.request().handler(chunk -> { });
        ctx.request().exceptionHandler(e -> { });
        ctx.request().endHandler(v -> answer.run());
    }
}
