package dev.shoal.agent.live;

import dev.shoal.contracts.live.RoomEventStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The origin follows each of its rooms' event streams at the gateway ({@code GET /live/{room}/events}, the stream
 * viewers read): when the creator ends the room there ({@code event: end}, or the room is already ENDING or ENDED when
 * the stream opens), the origin stops its ingest as on the encoder's #EXT-X-ENDLIST, and {@link AnnouncementSender}
 * sends the last announcements and the recording. When the stream says the room's creator changed its chosen relays
 * ({@code event: relays}), the origin asks the gateway for the room's relays at once ({@link ShieldedOrigin#refresh}),
 * so a relay removed is refused from its next request on, not from the next 2 s reading. A dropped stream is opened
 * again on the next turn.
 */
@Singleton
public class GatewayEndFollower {

    private static final Logger LOG = Logger.getLogger(GatewayEndFollower.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveRooms rooms;
    private final ShieldedOrigin shield;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: RoomRelays
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The rooms whose stream is open, and the thread reading it. */
    private final Map<String, Thread> following = new ConcurrentHashMap<>();

    public GatewayEndFollower(LiveRooms rooms, ShieldedOrigin shield) {
        this.rooms = rooms;
        this.shield = shield;
    }

    @Scheduled(every = "2s", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void followAll() {
        for (LiveRooms.Room room : rooms.rooms()) {
            if (room.gateway().isPresent() && !room.ingest.ended()) {
                following.computeIfAbsent(room.id(), id -> Thread.ofVirtual().name("live-end-" + id).start(() -> follow(room)));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        following.values().forEach(Thread::interrupt);
    }

    private void follow(LiveRooms.Room room) {
        URI events = URI.create(room.gateway().orElseThrow().replaceAll("/+$", "") + "/live/" + room.id() + "/events");
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(events)
                    .header("Accept", "text/event-stream")
                    .header(RoomEventStream.FOLLOWER_HEADER, RoomEventStream.ORIGIN) // the origin is not one of the viewers
                    .GET().build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                LOG.debugf("room %s: the gateway's event stream answered %d", room.id(), response.statusCode());
                response.body().close();
                return;
            }
            try (Stream<String> lines = response.body()) {
                EventReader reader = new EventReader(() -> shield.refresh(room));
                var it = lines.iterator();
                while (it.hasNext() && !room.ingest.ended()) {
                    if (reader.line(it.next()) && rooms.endedAtGateway(room)) {
                        LOG.infof("room %s: ended by its creator at the gateway; the ingest stops, the recording follows", room.id());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("room %s: the gateway's event stream closed (%s); opened again shortly", room.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            following.remove(room.id());
        }
    }

    /**
     * Server-sent events, line by line: true once an event says the room is ending or ended; an event saying the room's
     * relays changed runs {@code relaysChanged}.
     */
    static final class EventReader {
        private final ServerSentEvents events = new ServerSentEvents();
        private final Runnable relaysChanged;

        EventReader() {
            this(() -> { });
        }

        EventReader(Runnable relaysChanged) {
            this.relaysChanged = relaysChanged;
        }

        boolean line(String line) {
            ServerSentEvents.Event e = events.line(line);
            if (e != null && RoomEventStream.RELAYS_EVENT.equals(e.name())) {
                relaysChanged.run();
            }
            return e != null && ends(e.name(), e.data());
        }

        private static boolean ends(String name, String data) {
            if ("end".equals(name)) {
                return true;
            }
            if (!"room".equals(name) && !"state".equals(name)) {
                return false;
            }
            try {
                String state = JSON.readTree(data).path("state").asText();
                return "ENDING".equals(state) || "ENDED".equals(state);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
