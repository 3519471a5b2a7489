package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.serving.SegmentGate;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.RelayRequest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shielded origin serves its rooms' segments only to requests signed by a relay agent the room's gateway lists
 * (docs/live.md, "Shielded origin"), so viewers never reach it: an unsigned request, one signed by another key, or
 * one signed too long ago is 403 {@code forbidden}. The origin asks each room's gateway every 2 s whether the room is
 * shielded and who its relays are, at once when the room's event stream says its creator changed them
 * ({@link GatewayEndFollower}: so a relay removed is refused from then on), and at once, off the event loop, when a
 * signer it does not know yet asks. Until the
 * gateway first answered, a room's segments are treated as shielded. Once the room has ended here, its segments are its
 * recording, served to anyone like any content this agent holds (the gateway registers this origin as its origin).
 */
@Singleton
public class ShieldedOrigin implements SegmentGate {

    private static final Logger LOG = Logger.getLogger(ShieldedOrigin.class);

    /** What the room's gateway said last. */
    record Known(boolean shielded, Set<Address> relays) {
    }

    private final AgentRuntime runtime;
    private final LiveRooms rooms;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Map<String, LiveRoomApi> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** A refused request asks the gateway again at most once a second, so refusals cannot flood it. */
    private volatile long lastAskedMillis;

    public ShieldedOrigin(AgentRuntime runtime, LiveRooms rooms) {
        this.runtime = runtime;
        this.rooms = rooms;
    }

    @Override
    public void admit(Sha256 segment, String header) {
        List<Holder> holders = rooms.roomsOfSegment(segment).stream().map(room -> {
            Known k = known.get(room.id());
            return new Holder(room.id(), shielded(room.ingest.ended(), room.shielded(), room.gateway().isPresent(), k), k);
        }).toList();
        try {
            check(holders, segment, header, runtime.clock().millis());
        } catch (ProblemException e) {
            if (header != null && holders.stream().anyMatch(h -> h.shielded() && h.known() != null)) {
                refreshSoon(); // a relay that claimed the room since the last refresh is let in on its next try
            }
            throw e;
        }
    }

    /** A room holding the segment, as the decision sees it: whether it shields its origin now, and its listed relays. */
    record Holder(String room, boolean shielded, Known known) {
    }

    /**
     * The decision for a segment several rooms may hold: identical bytes are one segment (content-addressed: the same
     * test pattern pushed to two rooms gives the same segments), so it is served when any room holding it would serve
     * the request, and refused with the first room's reason otherwise. A shielded room's viewers are never sent here by
     * its gateway; bytes another room of the creator broadcasts unshielded are no secret of the shielded one. Not a live
     * segment of any room: served like any content this agent holds.
     */
    static void check(List<Holder> holders, Sha256 segment, String header, long nowMillis) {
        ProblemException refused = null;
        for (Holder h : holders) {
            try {
                check(h.room(), h.shielded(), h.known(), segment, header, nowMillis);
                return;
            } catch (ProblemException e) {
                refused = refused == null ? e : refused;
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Whether the room's segments go to its relays only: while it is on the air, if it was opened shielded, its gateway
     * said so, or its gateway has not answered yet. The shield protects the broadcast: an ended room's segments are its
     * recording, served like any content this agent holds.
     */
    static boolean shielded(boolean ended, boolean openedShielded, boolean hasGateway, Known known) {
        return !ended && (openedShielded || (known == null ? hasGateway : known.shielded()));
    }

    /**
     * The decision, given what is known of the room: a segment of a shielded room goes only to a fresh request signed
     * by one of the relays its gateway listed last ({@code known}; null: the gateway has not answered yet).
     */
    static void check(String room, boolean shielded, Known known, Sha256 segment, String header, long nowMillis) {
        if (!shielded) {
            return;
        }
        if (header == null || header.isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "room " + room + " shields its origin: its segments go to"
                    + " its relay agents only (a request signed with a relay's key, " + RelayRequest.HEADER + ")");
        }
        Address signer;
        try {
            signer = RelayRequest.parse(header, segment).verify(nowMillis);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.FORBIDDEN, "not a relay's request for this segment: " + e.getMessage());
        }
        if (known == null || !known.relays().contains(signer)) {
            throw new ProblemException(ProblemType.FORBIDDEN, signer + " is not a relay of room " + room
                    + " as its gateway lists them");
        }
    }

    @Scheduled(every = "2s", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        for (LiveRooms.Room room : rooms.rooms()) {
            refresh(room);
        }
    }

    /** Asks the room's gateway now whether it is shielded and who its relays are (blocking: not on the event loop). */
    void refresh(LiveRooms.Room room) {
        room.gateway().ifPresent(gateway -> {
            try {
                JsonNode answer = clients.computeIfAbsent(gateway, g -> QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(g)).connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                        .build(LiveRoomApi.class)).relays(room.id());
                learnt(room.id(), answer);
            } catch (RuntimeException e) {
                LOG.debugf("room %s: the gateway did not list its relays (%s)", room.id(), e.getMessage());
            }
        });
    }

    void learnt(String room, JsonNode answer) {
        Set<Address> relays = new HashSet<>();
        answer.path("agents").forEach(a -> relays.add(Address.parse(a.asText())));
        known.put(room, new Known(answer.path("shielded").asBoolean(true), Set.copyOf(relays)));
    }

    private void refreshSoon() {
        long now = System.currentTimeMillis();
        if (now - lastAskedMillis >= 1000 && refreshing.compareAndSet(false, true)) {
            lastAskedMillis = now;
            Thread.ofVirtual().name("shielded-origin-refresh").start(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }
}
