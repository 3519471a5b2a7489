package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.HttpSource;
import dev.shoal.agent.fetch.Source;
import dev.shoal.agent.serving.SegmentServed;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RelayClaim;
import dev.shoal.contracts.live.RelayOffer;
import dev.shoal.contracts.live.RelayRequest;
import dev.shoal.contracts.live.RoomEventStream;
import dev.shoal.contracts.live.SignedAnnouncement;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A relay agent ({@code shoal.agent.live.relay=true}; docs/live.md, "Relay agents"): every 10 s it offers to relay live
 * rooms at its gateway (a {@link RelayOffer} its key signed, with what it uploads of its uplink: the creator's studio
 * offers it so), and every 2 s it asks its gateway for the LIVE rooms, follows each one's event stream (as {@code Shoal-Follower: relay}, not a viewer), fetches each newly
 * announced segment from the room's other relays that hold it or from the origin (its requests signed with this
 * agent's key, which a shielded origin requires), keeps each room's window ({@link RelayedRoom}) and serves it at
 * {@code /segments/{sha256}.{ext}} like any segment. It claims each room at the gateway with a message its key signed,
 * and sends it again every 2 s as its heartbeat (what it uploads for the rooms it relays, measured by an {@link UploadMeter}
 * where it serves their segments, and its uplink's capacity; the newest index it holds per rendition, how late it held it),
 * and as soon as it holds a new segment, so the gateway can name it to the viewers waiting for that segment. A room whose
 * creator chose other relay agents ({@code chosenRelays}) is left alone, and dropped once this agent is no longer chosen.
 */
@Singleton
public class RoomRelays implements SegmentServed {

    private static final Logger LOG = Logger.getLogger(RoomRelays.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 8;

    /** An announcement to fetch, and when it arrived. */
    private record Pending(Announcement announcement, long announcedAtMillis) {
    }

    /** A room being relayed: its stream reader, its fetch worker, and what the gateway said to the last claim. */
    private final class Following {
        final String id;
        volatile RelayedRoom room;
        volatile JsonNode claimed;
        long lastClaimMillis;
        volatile boolean ended;
        volatile Thread reader;
        final Thread worker;
        final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(256);

        Following(String id) {
            this.id = id;
            this.worker = Thread.ofVirtual().name("relay-fetch-" + id).start(this::work);
        }

        private void work() {
            try {
                while (!ended) {
                    Pending p = queue.take();
                    fetch(this, p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final AgentRuntime runtime;
    // HTTP/1.1, as the fetcher: over cleartext the JDK client would first try an h2c upgrade, which misread a relay's
    // answer once in LiveRelayIT; browsers never use h2c either
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Following> following = new ConcurrentHashMap<>();
    private volatile LiveRoomApi api;
    private final UploadMeter upload;
    private long lastOfferMillis;

    public RoomRelays(AgentRuntime runtime) {
        this.runtime = runtime;
        this.upload = new UploadMeter(runtime.clock());
    }

    /** Counts what this agent uploads of the segments of the rooms it relays (their windows and init segments). */
    @Override
    public void served(Sha256 segment, long bytes) {
        for (Following f : following.values()) {
            RelayedRoom room = f.room;
            if (room != null && room.holds(segment)) {
                upload.add(bytes);
                return;
            }
        }
    }

    private boolean enabled() {
        return runtime.config().agent().live().relay() && runtime.config().agent().live().relayGateway().isPresent();
    }

    private String gateway() {
        return runtime.config().agent().live().relayGateway().orElseThrow().replaceAll("/+$", "");
    }

    private LiveRoomApi api() {
        if (api == null) {
            api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(gateway())).connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(10, TimeUnit.SECONDS).build(LiveRoomApi.class);
        }
        return api;
    }

    @Scheduled(every = "2s", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!enabled()) {
            return;
        }
        offer();
        try {
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/live/rooms?state=LIVE"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (live.statusCode() == 200) {
                for (JsonNode room : JSON.readTree(live.body())) {
                    String id = room.path("room").asText();
                    if (!chosen(room.path("chosenRelays"), runtime.key().address())) {
                        Following dropped = following.get(id);
                        if (dropped != null) {
                            dropped.ended = true;
                        }
                        continue;
                    }
                    if (!following.containsKey(id) && following.size() < runtime.config().agent().live().relayMaxRooms()) {
                        LOG.infof("room %s: relaying it", id);
                        following.put(id, new Following(id));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("the gateway's live rooms: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Following f : following.values()) {
            if (f.ended) {
                stop(f);
                continue;
            }
            Thread reader = f.reader;
            if (reader == null || !reader.isAlive()) {
                f.reader = Thread.ofVirtual().name("relay-events-" + f.id).start(() -> follow(f));
            }
            if (f.room != null) {
                heartbeat(f);
            }
        }
    }

    /**
     * This agent's offer to relay live rooms at its gateway, signed by its key, every {@link RelayOffer#EVERY} (the first
     * tick at once), whether or not a room is live: the creator's studio offers the agents heard lately to choose from.
     */
    private void offer() {
        long now = runtime.clock().millis();
        if (lastOfferMillis > 0 && now - lastOfferMillis < RelayOffer.EVERY.toMillis()) {
            return;
        }
        long at = Math.max(now, lastOfferMillis + 1);
        lastOfferMillis = at;
        try {
            RelayOffer offer = RelayOffer.sign(runtime.key(), AnnouncementSender.ownUrl(runtime), at, following.size(),
                    runtime.config().agent().live().relayMaxRooms(), upload.bytesPerSecond(), uplinkBytesPerSecond());
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/live/relays"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(offer))).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.debugf("the gateway refused the relay's offer (%d): %s", answer.statusCode(), answer.body());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("the relay's offer failed (%s)", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a room's {@code chosenRelays} (null: any agent that opts in) name this agent. */
    static boolean chosen(JsonNode chosenRelays, Address self) {
        if (chosenRelays == null || !chosenRelays.isArray()) {
            return true;
        }
        for (JsonNode agent : chosenRelays) {
            try {
                if (Address.parse(agent.asText()).equals(self)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not an address: names nobody
            }
        }
        return false;
    }

    void stop(@Observes ShutdownEvent event) {
        following.values().forEach(f -> {
            f.ended = true;
            f.worker.interrupt();
            if (f.reader != null) {
                f.reader.interrupt();
            }
        });
    }

    private void stop(Following f) {
        following.remove(f.id);
        f.worker.interrupt();
        if (f.reader != null) {
            f.reader.interrupt();
        }
        if (f.room != null) {
            f.room.clear();
        }
        LOG.infof("room %s: no longer relayed (it ended, or its creator chose other relays)", f.id);
    }

    /** The room's event stream, until it closes or the room ends: the room, then its announcements. */
    private void follow(Following f) {
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(gateway() + "/live/" + f.id + "/events"))
                    .header("Accept", "text/event-stream").header(RoomEventStream.FOLLOWER_HEADER, RoomEventStream.RELAY)
                    .GET().build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                if (response.statusCode() == 404) {
                    f.ended = true;
                }
                return;
            }
            try (Stream<String> lines = response.body()) {
                ServerSentEvents events = new ServerSentEvents();
                var it = lines.iterator();
                while (it.hasNext() && !f.ended) {
                    ServerSentEvents.Event e = events.line(it.next());
                    if (e != null) {
                        event(f, e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("room %s: the event stream closed (%s); opened again shortly", f.id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void event(Following f, ServerSentEvents.Event e) throws IOException {
        switch (e.name()) {
            case "room" -> {
                JsonNode room = JSON.readTree(e.data());
                if (f.room == null) {
                    f.room = new RelayedRoom(f.id, Address.parse(room.path("creator").asText()), room.path("segmentSeconds").asInt(8),
                            room.path("maxDelaySeconds").asInt(24), runtime.store(), new Fetcher.Options(
                            runtime.config().agent().fetchConcurrency(), runtime.config().agent().fetchPartBytes()));
                    heartbeat(f);
                }
                f.ended |= "ENDED".equals(room.path("state").asText());
            }
            case "state", RoomEventStream.RELAYS_EVENT -> f.ended |= letsGo(e, runtime.key().address());
            case "announcement" -> {
                RelayedRoom room = f.room;
                if (room == null) {
                    return;
                }
                Announcement a;
                try {
                    a = room.verify(SignedAnnouncement.fromJson(e.data()));
                } catch (RuntimeException refused) {
                    // a replay after reconnecting (already held), or not the creator's: nothing is fetched
                    LOG.debugf("room %s: announcement not taken: %s", f.id, refused.getMessage());
                    return;
                }
                if (!f.queue.offer(new Pending(a, runtime.clock().millis()))) {
                    LOG.warnf("room %s: fetches fall behind; announcement %s #%d dropped", f.id, a.rendition(), a.index());
                }
            }
            default -> {
            }
        }
    }

    /**
     * Whether this event of a followed room's stream makes the relay let the room go: it ended, or its creator changed the
     * room's relays and left this agent out (at once, not at the next list of live rooms, 2 s later).
     */
    static boolean letsGo(ServerSentEvents.Event e, Address self) throws IOException {
        return switch (e.name()) {
            case "state" -> "ENDED".equals(JSON.readTree(e.data()).path("state").asText());
            case RoomEventStream.RELAYS_EVENT -> !chosen(JSON.readTree(e.data()).path("chosenRelays"), self);
            default -> false;
        };
    }

    private void fetch(Following f, Pending p) throws InterruptedException {
        RelayedRoom room = f.room;
        for (int attempt = 0; attempt < ATTEMPTS && !f.ended && !room.slidOut(p.announcement()); attempt++) {
            if (room.take(p.announcement(), sources(f, p.announcement()), p.announcedAtMillis(), runtime.clock().millis())) {
                // at once, not at the next tick: a viewer's request for it waits at the gateway until a relay reports it
                heartbeat(f);
                return;
            }
            Thread.sleep(250L << Math.min(attempt, 3));
        }
        LOG.debugf("room %s: %s #%d not relayed", f.id, p.announcement().rendition(), p.announcement().index());
    }

    /** The room's other relays that hold the segment (as the gateway ranked them), then the origin: at most 8. */
    private List<Source> sources(Following f, Announcement a) {
        List<Source> out = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(10);
        JsonNode claimed = f.claimed;
        if (claimed == null) {
            return out;
        }
        String self = runtime.key().address().toString();
        Set<String> seen = new HashSet<>();
        for (JsonNode r : claimed.path("relays")) {
            long newest = r.path("held").path(a.rendition()).asLong(-1);
            if (!self.equalsIgnoreCase(r.path("agent").asText()) && newest >= a.index() && seen.add(r.path("url").asText())
                    && out.size() < Fetcher.MAX_CONCURRENT - 1) {
                out.add(new HttpSource(r.path("url").asText(), http, timeout));
            }
        }
        String origin = claimed.path("origin").asText("");
        if (!origin.isEmpty()) {
            // signed, so a shielded origin serves it to this relay (an origin that is not shielded ignores the header)
            out.add(new HttpSource(origin, http, timeout, ref -> Map.of(RelayRequest.HEADER,
                    RelayRequest.sign(runtime.key(), ref.sha256(), runtime.clock().millis()).header())));
        }
        return out;
    }

    private void heartbeat(Following f) {
        synchronized (f) {
            // the tick and the fetch worker both report; the gateway takes only a claim newer than the last
            long at = Math.max(runtime.clock().millis(), f.lastClaimMillis + 1);
            f.lastClaimMillis = at;
            claim(f, at);
        }
    }

    private void claim(Following f, long at) {
        RelayedRoom room = f.room;
        try {
            RelayClaim claim = RelayClaim.sign(runtime.key(), f.id, AnnouncementSender.ownUrl(runtime), at,
                    following.size(), room.lagMillis(), room.newest(), upload.bytesPerSecond(), uplinkBytesPerSecond());
            f.claimed = api().claimRelay(f.id, claim);
        } catch (jakarta.ws.rs.WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.debugf("room %s: the gateway refused the relay's claim (%d)", f.id, status);
            if (status == 404 || status == 403 || (status == 409 && e.getResponse().readEntity(String.class).contains("room-ended"))) {
                // 403: relay-not-chosen, the creator chose other relays (the next list of live rooms says so too)
                f.ended = true;
            }
        } catch (RuntimeException e) {
            LOG.debugf("room %s: the relay's claim failed (%s)", f.id, e.getMessage());
        }
    }

    /** The uplink's capacity as configured, in bytes per second (at least 1 Mbit/s). */
    private long uplinkBytesPerSecond() {
        return Math.max(1, runtime.config().agent().live().relayUplinkMbps()) * 1_000_000L / 8;
    }

    /** Rooms relayed now (for the local status and the rooms a claim reports). */
    public int rooms() {
        return following.size();
    }
}
