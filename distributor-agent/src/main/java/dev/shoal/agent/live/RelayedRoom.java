package dev.shoal.agent.live;

import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.SegmentRef;
import dev.shoal.agent.fetch.Source;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.AnnouncementVerifier;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.replay.InMemoryReplayStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One live room as a relay agent keeps it (docs/live.md, "Relay agents"): each announcement checked with contracts'
 * {@link AnnouncementVerifier} (the room's creator signed it; it is newer than the last one of its rendition and, when it
 * follows it, extends its chain), its segment fetched from the sources given (at most 8) and stored only when its bytes
 * hash to the announced SHA-256 (the fetcher and the store both check), and the room's window kept per rendition: what
 * slid out is removed from the store. An fMP4 rendition's init segment, which each announcement names by its SHA-256, is
 * fetched the same way before the first segment that names it, and kept while the room is relayed.
 */
final class RelayedRoom {

    private record Held(long index, Sha256 sha256) {
    }

    /** An init segment larger than this is no init segment (ffmpeg's are a few hundred bytes to a few KB). */
    static final int MAX_INIT_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(RelayedRoom.class);

    private final String id;
    private final Address creator;
    private final int window;
    private final DiskStore store;
    private final Fetcher fetcher;
    private final AnnouncementVerifier verifier = new AnnouncementVerifier(new InMemoryReplayStore());
    private final Map<String, Deque<Held>> held = new TreeMap<>();
    private final Set<Sha256> inits = new HashSet<>();
    private volatile long lagMillis;

    RelayedRoom(String id, Address creator, int segmentSeconds, int maxDelaySeconds, DiskStore store, Fetcher.Options options) {
        this.id = id;
        this.creator = creator;
        this.window = window(segmentSeconds, maxDelaySeconds);
        this.store = store;
        this.fetcher = new Fetcher(store, options);
    }

    /** The segments a live playlist lists, as the gateway counts them: enough for the maximum delay, at least 3. */
    static int window(int segmentSeconds, int maxDelaySeconds) {
        int d = Math.max(1, segmentSeconds);
        return Math.max(3, (maxDelaySeconds + d - 1) / d + 1);
    }

    String id() {
        return id;
    }

    /**
     * The announcement, once it is the room's, signed by its creator, and past the last one of its rendition.
     *
     * @throws ContentException it is not
     */
    Announcement verify(SignedAnnouncement signed) {
        if (!id.equals(signed.announcement().room())) {
            throw new ContentException.MalformedValue("announcement of room " + signed.announcement().room() + " in room " + id);
        }
        return verifier.accept(signed, creator);
    }

    /** True when the segment is older than the window of its rendition already held (not worth fetching). */
    synchronized boolean slidOut(Announcement a) {
        Deque<Held> d = held.get(a.rendition());
        return d != null && !d.isEmpty() && a.index() <= d.peekLast().index() - window;
    }

    /**
     * Fetches a verified announcement's segment from {@code sources} into the store; true when it is held (its bytes
     * hashed to the announcement), false when no source delivered it intact.
     */
    boolean take(Announcement a, List<Source> sources, long announcedAtMillis, long nowMillis) {
        if (!takeInit(a, sources)) {
            return false;
        }
        SegmentRef ref = new SegmentRef(a.sha256(), a.size(), a.rendition(), (int) Math.min(Integer.MAX_VALUE, a.index()),
                a.format().container() == Container.MPEG_TS ? "video/mp2t" : "video/mp4");
        if (!store.contains(a.sha256())) {
            if (sources.isEmpty()) {
                return false;
            }
            Fetcher.Result result = fetcher.fetch(List.of(ref), sources.subList(0, Math.min(Fetcher.MAX_CONCURRENT, sources.size())),
                    (segment, stored) -> { }, new AtomicBoolean());
            if (!result.complete() || !store.contains(a.sha256())) {
                return false;
            }
        }
        held(a, Math.max(0, nowMillis - announcedAtMillis));
        return true;
    }

    /**
     * The announcement's fMP4 init segment into the store, unless it is MPEG-TS or the init is held: its size is not
     * announced, so it is read whole from the first source that has it, and stored only when its bytes hash to the
     * announced init (the store checks again); a source whose bytes do not is passed over. False when none delivered it.
     */
    boolean takeInit(Announcement a, List<Source> sources) {
        Sha256 init = a.format().init();
        if (init == null) {
            return true;
        }
        if (!store.contains(init)) {
            SegmentRef ref = new SegmentRef(init, 0, a.rendition(), -1, "video/mp4");
            boolean stored = false;
            for (Source source : sources.subList(0, Math.min(Fetcher.MAX_CONCURRENT, sources.size()))) {
                try {
                    byte[] bytes = source.readWhole(ref, MAX_INIT_BYTES);
                    if (!Sha256.of(bytes).equals(init)) {
                        LOG.warnf("room %s: %s sent an init segment of %s that is not the announced %s; passed over", id,
                                source.name(), a.rendition(), init.hex());
                        continue;
                    }
                    store.put(init, bytes, "video/mp4");
                    stored = true;
                    break;
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("room %s: init segment %s from %s: %s", id, init.hex(), source.name(), e.getMessage());
                }
            }
            if (!stored) {
                return false;
            }
        }
        synchronized (this) {
            inits.add(init);
        }
        return true;
    }

    private synchronized void held(Announcement a, long lag) {
        Deque<Held> d = held.computeIfAbsent(a.rendition(), r -> new ArrayDeque<>());
        if (d.isEmpty() || a.index() > d.peekLast().index()) {
            d.addLast(new Held(a.index(), a.sha256()));
            lagMillis = lag;
        } else {
            // fetched out of order (a retry): keep the deque in index order
            Deque<Held> sorted = new ArrayDeque<>();
            boolean placed = false;
            for (Held h : d) {
                if (!placed && a.index() <= h.index()) {
                    sorted.addLast(new Held(a.index(), a.sha256()));
                    placed = true;
                }
                if (h.index() != a.index()) {
                    sorted.addLast(h);
                }
            }
            d.clear();
            d.addAll(sorted);
        }
        long newest = d.peekLast().index();
        while (!d.isEmpty() && d.peekFirst().index() <= newest - window) {
            store.remove(d.pollFirst().sha256());
        }
    }

    /** Per rendition, the newest index held. */
    synchronized Map<String, Long> newest() {
        Map<String, Long> out = new TreeMap<>();
        held.forEach((r, d) -> {
            if (!d.isEmpty()) {
                out.put(r, d.peekLast().index());
            }
        });
        return out;
    }

    /** Segments held, over every rendition. */
    synchronized int size() {
        return held.values().stream().mapToInt(Deque::size).sum();
    }

    synchronized boolean holds(Sha256 segment) {
        return inits.contains(segment) || held.values().stream().anyMatch(d -> d.stream().anyMatch(h -> h.sha256().equals(segment)));
    }

    /** How long after its announcement the newest segment was held. */
    long lagMillis() {
        return lagMillis;
    }

    /** The room ended or is dropped: its segments leave the store. */
    synchronized void clear() {
        held.values().forEach(d -> d.forEach(h -> store.remove(h.sha256())));
        held.clear();
        inits.forEach(store::remove);
        inits.clear();
    }
}
