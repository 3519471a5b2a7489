package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.contracts.live.AnnouncementsAccepted;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.SignedAnnouncement;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends each room's announcements to its gateway, in order and none skipped (docs/live.md, "Origin ->
 * gateway"): first the origin claim, then batches from the last index the gateway acknowledged per rendition.
 * The cursor moves only to what the gateway says it holds; a failure waits (1 s doubling to 30 s) and the same
 * batch goes again, so a lost answer costs one resend that the gateway answers with its cursor. A new announcement
 * is sent the moment the ingest logs it (on one thread of its own); the pass every second is the backstop that retries
 * and catches up. Waiting for that pass alone held each announcement 0 to 1 s, which every viewer's delay carried.
 */
@Singleton
public class AnnouncementSender {

    static final int BATCH = 64;
    private static final Logger LOG = Logger.getLogger(AnnouncementSender.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    /** Where one room stands with its gateway. */
    static final class Progress {
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        boolean claimed;
        /** The gateway holds the ended room's recording. */
        boolean recorded;
        long notBeforeMillis;
        Duration wait = FIRST_WAIT;
        String lastFailure;
    }

    private final AgentRuntime runtime;
    private final LiveRooms rooms;
    private final Function<String, LiveRoomApi> clients;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final ExecutorService prompt = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("live-announcements").factory());

    @Inject
    public AnnouncementSender(AgentRuntime runtime, LiveRooms rooms) {
        this(runtime, rooms, gateway -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(gateway))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS).build(LiveRoomApi.class));
    }

    AnnouncementSender(AgentRuntime runtime, LiveRooms rooms, Function<String, LiveRoomApi> clients) {
        this.runtime = runtime;
        this.rooms = rooms;
        Map<String, LiveRoomApi> built = new ConcurrentHashMap<>();
        this.clients = gateway -> built.computeIfAbsent(gateway, clients);
        rooms.onAnnounced(this::soon);
    }

    /** Sends what {@code room} has announced as soon as this sender's thread is free (not on the ingest's thread). */
    void soon(LiveRooms.Room room) {
        if (room.gateway().isPresent() && !prompt.isShutdown()) {
            try {
                prompt.execute(() -> send(room));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debugf("room %s: the sender is stopping; the next pass sends it", room.id());
            }
        }
    }

    @PreDestroy
    void stop() {
        prompt.shutdownNow();
    }

    @Scheduled(every = "1s", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendAll() {
        for (LiveRooms.Room room : rooms.rooms()) {
            if (room.gateway().isPresent()) {
                send(room);
            }
        }
    }

    /** One pass for one room: claim, then batches until it is caught up or a call fails. */
    void send(LiveRooms.Room room) {
        Progress p = progress.computeIfAbsent(room.id(), k -> new Progress());
        LiveRoomApi api = clients.apply(room.gateway().orElseThrow());
        synchronized (p) { // the prompt send and the pass every second: one at a time per room
            pass(room.id(), room.announced, p, api, runtime.clock().millis(), () -> OriginClaim.sign(rooms.creatorKey(),
                    room.id(), runtime.key().address(), ownUrl(runtime), room.shielded(), runtime.clock().millis()),
                    room.ingest.ended() ? title -> rooms.recording(room, title).toJson() : null);
        }
    }

    static void pass(String room, List<SignedAnnouncement> log, Progress p, LiveRoomApi api, long now,
                     Supplier<OriginClaim> claim) {
        pass(room, log, p, api, now, claim, null);
    }

    /** @param recording once the room ended: its signed manifest's JSON, given the title */
    static void pass(String room, List<SignedAnnouncement> log, Progress p, LiveRoomApi api, long now,
                     Supplier<OriginClaim> claim, Function<String, String> recording) {
        if (now < p.notBeforeMillis || p.recorded) {
            return;
        }
        try {
            if (!p.claimed) {
                accept(p, api.claimOrigin(room, claim.get()).accepted());
                p.claimed = true;
            }
            List<JsonNode> batch;
            while (!(batch = next(log, p)).isEmpty()) {
                Map<String, Long> before = Map.copyOf(p.acknowledged);
                List<JsonNode> sent = batch;
                accept(p, answer(() -> api.announce(room, sent)));
                if (p.acknowledged.equals(before)) {
                    throw new IllegalStateException("the gateway took a batch but acknowledged nothing new");
                }
            }
            if (recording != null) {
                String title = api.room(room).path("title").asText(room);
                api.end(room, JSON.createObjectNode().put("manifest", recording.apply(title)));
                p.recorded = true;
                LOG.infof("room %s: the gateway holds its recording", room);
            }
            p.wait = FIRST_WAIT;
            p.lastFailure = null;
        } catch (RuntimeException e) {
            p.lastFailure = e.getMessage();
            p.notBeforeMillis = now + p.wait.toMillis();
            LOG.warnf("room %s: sending its announcements failed (%s); again in %s", room, e.getMessage(), p.wait);
            p.wait = p.wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : p.wait.multipliedBy(2);
        }
    }

    /** The gateway's cursor, whether it took the batch (200) or refused it as replayed or out of order (409). */
    private static Map<String, Long> answer(java.util.function.Supplier<AnnouncementsAccepted> call) {
        try {
            return call.get().accepted();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                JsonNode problem = e.getResponse().getEntity() instanceof JsonNode given ? given
                        : e.getResponse().readEntity(JsonNode.class);
                if (problem != null && problem.path("accepted").isObject()) {
                    Map<String, Long> cursor = new HashMap<>();
                    problem.path("accepted").fields().forEachRemaining(f -> cursor.put(f.getKey(), f.getValue().asLong()));
                    return cursor;
                }
            }
            throw e;
        }
    }

    private static void accept(Progress p, Map<String, Long> accepted) {
        accepted.forEach((rendition, index) -> p.acknowledged.merge(rendition, index, Math::max));
    }

    /** The next announcements past what the gateway acknowledged, in the log's order; at most {@value #BATCH}. */
    static List<JsonNode> next(List<SignedAnnouncement> log, Progress p) {
        List<JsonNode> out = new ArrayList<>();
        for (SignedAnnouncement a : log) {
            if (a.announcement().index() > p.acknowledged.getOrDefault(a.announcement().rendition(), -1L)) {
                out.add(a.toJsonTree());
                if (out.size() == BATCH) {
                    break;
                }
            }
        }
        return out;
    }

    /** Per rendition, the last index the room's gateway acknowledged. */
    public Map<String, Long> acknowledged(String room) {
        Progress p = progress.get(room);
        return p == null ? Map.of() : Map.copyOf(p.acknowledged);
    }

    /** Where other agents and players reach this agent: its public URL, else its port on this machine. */
    static String ownUrl(dev.shoal.agent.AgentRuntime runtime) {
        return runtime.config().agent().publicUrl().orElseGet(() -> "http://127.0.0.1:"
                + org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8090));
    }
}
