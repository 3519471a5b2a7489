package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.event.LiveRelaysChosen;
import dev.shoal.contracts.event.LiveRoomStateChanged;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RoomEventStream;
import dev.shoal.contracts.live.SignedAnnouncement;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This instance's viewers of each room, and what each has been sent: an announcement reaches a viewer once (a
 * redelivered event, or one that was also in the window sent at connection, is not sent again), in order per rendition.
 * One serialisation per announcement, one write per viewer. For each new announcement one of the room's viewers here is
 * told it is its turn to seed it ({@value #SEED_EVENT}, {@link SeedTurns}).
 */
@ApplicationScoped
public class LiveFanOut {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far behind its newest index a late announcement of a rendition is still sent. */
    private static final long REMEMBERED = 512;

    /** The event that tells the room's origin (and its viewers) the creator ended the broadcast. */
    public static final String END_EVENT = "end";

    /**
     * The event that tells one viewer it is its turn to take a new segment over HTTP at once and offer it to its peers.
     * Not signed: the page seeds only a segment a verified announcement names, and checks the bytes against it.
     */
    public static final String SEED_EVENT = "seed";

    /** The {@code viewers} event: how many watch the room through this instance. */
    public record ViewerCount(String room, int viewers) {
    }

    /** The {@value #SEED_EVENT} event: this viewer's turn to seed the segment announcement {@code index} names. */
    public record SeedTurn(String room, String rendition, long index, String sha256) {
    }

    /** One viewer's event stream. Until its window is sent, live events wait, so none is sent before older ones. */
    public static final class Viewer {
        private final String room;
        private final SseEventSink sink;
        private final Sse sse;
        /** False for the room's origin following the stream (for its end): not one of the room's viewers. */
        private final boolean viewer;
        /** False for a viewer that does not seed (P2P off): it takes no turns. */
        private final boolean seeds;
        /** Its place in the round of seed turns: given at the stream's opening, never reused. */
        private final long seat;
        /** Per rendition, the indexes sent lately (events may arrive out of order when instances relay at once). */
        private final Map<String, NavigableSet<Long>> sent = new HashMap<>();
        private List<Object> waiting = new ArrayList<>();
        /** The fan-out's clock, nanoseconds. */
        private final LongSupplier clock;
        /** When its window was sent, by the clock: what its time watching counts from. */
        private long primedAt;

        Viewer(String room, SseEventSink sink, Sse sse, boolean viewer, boolean seeds, long seat, LongSupplier clock) {
            this.clock = clock;
            this.room = room;
            this.viewer = viewer;
            this.seeds = viewer && seeds;
            this.seat = seat;
            this.sink = sink;
            this.sse = sse;
        }

        /** Sends the window (oldest first per rendition), then what arrived meanwhile. */
        public synchronized void primed(List<SignedAnnouncement> window) {
            primedAt = clock.getAsLong();
            window.forEach(this::offer);
            List<Object> queued = waiting;
            waiting = null;
            queued.forEach(this::deliver);
        }

        synchronized void push(Object event) {
            if (waiting != null) {
                waiting.add(event);
            } else {
                deliver(event);
            }
        }

        private void deliver(Object event) {
            if (event instanceof SignedAnnouncement a) {
                offer(a);
            } else if (event instanceof LiveRoomStateChanged s) {
                send("state", null, JSON.valueToTree(s).toString());
                if (RoomState.ENDING.name().equals(s.state())) {
                    // what the origin follows: stop the ingest, send the last announcements and the recording
                    send(END_EVENT, null, JSON.valueToTree(s).toString());
                }
            } else if (event instanceof LiveRelaysChosen c) {
                // what the origin and the relays follow: the room's relays changed (players ignore it)
                send(RoomEventStream.RELAYS_EVENT, null, JSON.valueToTree(c).toString());
            } else if (event instanceof ViewerCount c) {
                send("viewers", null, JSON.valueToTree(c).toString());
            } else if (event instanceof SeedTurn t) {
                send(SEED_EVENT, null, JSON.valueToTree(t).toString());
            }
        }

        private void offer(SignedAnnouncement signed) {
            Announcement a = signed.announcement();
            NavigableSet<Long> indexes = sent.computeIfAbsent(a.rendition(), k -> new TreeSet<>());
            if (!indexes.add(a.index()) || a.index() < indexes.last() - REMEMBERED) {
                return;
            }
            indexes.headSet(indexes.last() - REMEMBERED).clear();
            send("announcement", a.room() + "/" + a.rendition() + "/" + a.index(), signed.toJson());
        }

        public synchronized void send(String name, String id, String data) {
            if (sink.isClosed()) {
                return;
            }
            OutboundSseEvent.Builder b = sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE).data(data);
            if (id != null) {
                b.id(id);
            }
            sink.send(b.build());
        }

        boolean closed() {
            return sink.isClosed();
        }

        /** Whether it can take a seed turn: a seeding viewer (not the origin, not a relay) whose window was sent, still open. */
        synchronized boolean seated() {
            return seeds && waiting == null && !sink.isClosed();
        }

        /** Whether it has watched (its window sent) for at least {@code nanos} by {@code now}. */
        synchronized boolean watchedFor(long nanos, long now) {
            return waiting == null && now - primedAt >= nanos;
        }
    }

    private final Map<String, Set<Viewer>> viewers = new ConcurrentHashMap<>();
    private final Map<String, SeedTurns> turns = new ConcurrentHashMap<>();
    private final AtomicLong seats = new AtomicLong();
    /** Nanoseconds, as {@link System#nanoTime()}; a test's own clock in tests. */
    private final LongSupplier clock;

    public LiveFanOut() {
        this(System::nanoTime);
    }

    LiveFanOut(LongSupplier clock) {
        this.clock = clock;
    }

    /** A viewer's stream. */
    public Viewer join(String room, SseEventSink sink, Sse sse) {
        return join(room, sink, sse, true);
    }

    /** @param viewer false for the room's origin, which follows the stream but does not watch */
    public Viewer join(String room, SseEventSink sink, Sse sse, boolean viewer) {
        return join(room, sink, sse, viewer, true);
    }

    /** @param seeds false for a viewer that takes no seed turns (its page does not seed: P2P off) */
    public Viewer join(String room, SseEventSink sink, Sse sse, boolean viewer, boolean seeds) {
        Viewer v = new Viewer(room, sink, sse, viewer, seeds, seats.incrementAndGet(), clock);
        viewers.computeIfAbsent(room, k -> ConcurrentHashMap.newKeySet()).add(v);
        return v;
    }

    public void leave(Viewer v) {
        Set<Viewer> of = viewers.get(v.room);
        if (of != null) {
            of.remove(v);
        }
    }

    public int viewers(String room) {
        Set<Viewer> of = viewers.get(room);
        return of == null ? 0 : (int) of.stream().filter(v -> v.viewer).count();
    }

    /**
     * To every stream of the room; then, the first time it arrives, to the viewer whose turn it is as a seed turn. The
     * turns go round the viewers who have watched for a segment's duration at least, if any: a page opened a moment ago
     * may be gone the next (a viewer zapping through rooms), and a turn it took with it is a segment nobody seeds, which
     * the viewers in front then each take over HTTP at their deadline. With none watching that long, round all of them.
     */
    public void announced(SignedAnnouncement signed) {
        Announcement a = signed.announcement();
        push(a.room(), signed);
        Set<Viewer> of = viewers.get(a.room());
        if (of == null) {
            return;
        }
        List<Viewer> seated = of.stream().filter(Viewer::seated).toList();
        long now = clock.getAsLong();
        long segment = TimeUnit.MICROSECONDS.toNanos(a.durationMicros());
        List<Viewer> settled = seated.stream().filter(v -> v.watchedFor(segment, now)).toList();
        List<Viewer> takers = settled.isEmpty() ? seated : settled;
        turns.computeIfAbsent(a.room(), k -> new SeedTurns())
                .next(a.rendition(), a.index(), takers.stream().mapToLong(v -> v.seat))
                .ifPresent(seat -> takers.stream().filter(v -> v.seat == seat).findFirst()
                        .ifPresent(v -> v.push(new SeedTurn(a.room(), a.rendition(), a.index(), a.sha256().hex()))));
    }

    public void stateChanged(LiveRoomStateChanged changed) {
        push(changed.room(), changed);
    }

    public void relaysChosen(LiveRelaysChosen chosen) {
        push(chosen.room(), chosen);
    }

    private void push(String room, Object event) {
        Set<Viewer> of = viewers.get(room);
        if (of != null) {
            of.forEach(v -> v.push(event));
        }
    }

    /** Every few seconds: each room's viewer count to its viewers; closed streams leave. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void viewerCounts() {
        viewers.forEach((room, of) -> {
            of.removeIf(Viewer::closed);
            ViewerCount count = new ViewerCount(room, (int) of.stream().filter(v -> v.viewer).count());
            of.forEach(v -> v.push(count));
        });
        viewers.values().removeIf(Set::isEmpty);
        turns.keySet().retainAll(viewers.keySet());
    }
}
