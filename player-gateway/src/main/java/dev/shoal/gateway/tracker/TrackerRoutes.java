package dev.shoal.gateway.tracker;

import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.live.LiveRooms;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The tracker's WebSocket, {@code /tracker/{contentId}}, straight on the Vert.x router (like the agent's segment
 * routes): one connection per player page, shared by all its streams' swarms. A connection is held paused until the
 * catalog says the content exists, so no message is read before that. A live room's viewers use {@code
 * /tracker/live-{room}}: admitted while the gateway's room is LIVE or INTERRUPTED.
 */
@Singleton
public class TrackerRoutes {

    static final String PATH = "/tracker/";
    private static final Logger LOG = Logger.getLogger(TrackerRoutes.class);
    private static final short POLICY_VIOLATION = 1008;
    private static final short UNAVAILABLE = 1011;

    private final TrackerConfig config;
    private final Catalog catalog;
    private final TrackerProtocol protocol;
    private final LiveRooms rooms;

    public TrackerRoutes(TrackerConfig config, Catalog catalog, LiveRooms rooms, MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.rooms = rooms;
        Swarms<PeerSocket> swarms = new Swarms<>(config.maxSwarmsPerSocket(), new SplittableRandom());
        IpLimiter limiter = new IpLimiter(config.perIp().sockets(), config.perIp().messagesPerSecond(),
                config.perIp().messageBurst(), System::nanoTime);
        this.protocol = new TrackerProtocol(config, swarms, limiter, new TrackerMetrics(registry, swarms), System::nanoTime);
    }

    /**
     * How many peers this instance's tracker has for a content: a new viewer waits a moment for them before
     * fetching its first segments over HTTP when there are some. Another instance's swarms are not counted.
     */
    public int peersWatching(String contentId) {
        return protocol.peersOf(contentId);
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, PATH + ":contentId").handler(this::upgrade);
    }

    /** Drops peers silent for longer than the tracker allows, every {@code tracker.sweep-period}. */
    @Scheduled(every = "${tracker.sweep-period}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        int dropped = protocol.sweep();
        if (dropped > 0) {
            LOG.debugf("tracker dropped %d silent peers", dropped);
        }
    }

    private void upgrade(RoutingContext ctx) {
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
            ctx.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket")
                    .end("the tracker speaks WebSocket only");
            return;
        }
        String contentId = ctx.pathParam("contentId");
        String ip = ctx.request().remoteAddress().hostAddress();
        ctx.request().toWebSocket().onSuccess(ws -> open(ws, contentId, ip))
                .onFailure(e -> LOG.debugf("tracker upgrade from %s failed: %s", ip, e.getMessage()));
    }

    private void open(ServerWebSocket ws, String contentId, String ip) {
        ws.pause();
        Connection socket = new Connection(ws, contentId, ip);
        if (!protocol.open(ip)) {
            protocol.refuse(socket, Refusal.TOO_MANY_SOCKETS, "rate limited: too many connections from your address");
            return;
        }
        ws.closeHandler(v -> protocol.closed(socket));
        ws.exceptionHandler(e -> LOG.debugf("tracker connection from %s: %s", ip, e.getMessage()));
        ws.textMessageHandler(text -> protocol.onMessage(socket, text));
        ws.binaryMessageHandler(data -> protocol.onBinaryMessage(socket));
        Context context = Vertx.currentContext();
        Optional<UUID> room = LiveRooms.roomOfSwarm(contentId);
        Uni<Boolean> admitted = room.isPresent() ? onAir(context, room.get()) : catalog.knows(contentId);
        admitted
                .ifNoItem().after(config.catalogTimeout()).fail()
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(known -> {
                    if (Boolean.TRUE.equals(known)) {
                        ws.resume();
                    } else {
                        protocol.refuse(socket, Refusal.UNKNOWN_CONTENT, room.isPresent()
                                ? "no live room " + room.get() + " on the air" : "unknown content " + shorten(contentId));
                    }
                }, failure -> {
                    LOG.warnf("tracker could not check content %s: %s", shorten(contentId), failure.toString());
                    socket.closeCode = UNAVAILABLE;
                    protocol.refuse(socket, Refusal.CATALOG_UNAVAILABLE, "content check failed, try again later");
                });
    }

    /**
     * Whether a live room's viewers may meet here, read on a fresh duplicated context of the connection's event loop:
     * Hibernate Reactive opens a session only on a safe duplicated context, which a WebSocket's handlers are not.
     */
    private Uni<Boolean> onAir(Context context, UUID room) {
        Context own = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(own, true);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(v -> rooms.onAir(room)
                .subscribe().with(emitter::complete, emitter::fail)));
    }

    private static String shorten(String contentId) {
        return contentId.length() > 80 ? contentId.substring(0, 80) + "..." : contentId;
    }

    private static final class Connection extends PeerSocket {
        private final ServerWebSocket ws;
        short closeCode = POLICY_VIOLATION;

        Connection(ServerWebSocket ws, String contentId, String ip) {
            super(contentId, ip);
            this.ws = ws;
        }

        @Override
        boolean send(String text) {
            if (ws.isClosed() || ws.writeQueueFull()) {
                return false;
            }
            ws.writeTextMessage(text);
            return true;
        }

        @Override
        void close(String reason) {
            if (!ws.isClosed()) {
                // a close frame's reason has room for 123 bytes
                ws.close(closeCode, reason.getBytes(StandardCharsets.UTF_8).length <= 120 ? reason : "refused");
            }
        }
    }
}
