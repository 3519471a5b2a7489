package dev.shoal.gateway.live;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a live room's segments are (docs/live.md, "Sources"): the origin, unless the room shields it, and the relay
 * agents that kept up their heartbeat, closest to the live edge first (how many segments behind the newest announced
 * ones a source's newest is, then how long after the announcement it held it, in whole seconds), then by load: what the
 * relay measured it uploads over its uplink's capacity; at most {@value #MAX_SOURCES}. Lag counts in whole seconds so
 * that relays which held the newest segment within the same second are as close, and the less loaded one comes first:
 * compared to the millisecond, load would never decide. A relay whose claim reports no measurement (version 1) and the
 * origin (whose load is unknown) come after the relays as close that measured theirs. The segment redirect sends
 * players to a relay that holds the segment before the origin ({@link #pick}), so that a creator's home line serves
 * relays and the players no relay has reached yet.
 */
public final class LiveSources {

    public static final int MAX_SOURCES = 8;
    public static final String ORIGIN = "origin";
    public static final String RELAY = "relay";
    /** Relays whose lag differs by less than this are as close to the live edge. */
    static final long LAG_STEP_MILLIS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A relay as its last claim described it.
     *
     * @param rooms                the rooms it relays
     * @param uploadBytesPerSecond what it measured it uploads for the live rooms it relays; null when its claim does not say (version 1)
     * @param uplinkBytesPerSecond its uplink's capacity; null when its claim does not say
     */
    public record Relay(String agent, String url, int rooms, long lagMillis, Map<String, Long> held, Long uploadBytesPerSecond,
                        Long uplinkBytesPerSecond) {
        static Relay of(LiveRelay row) {
            Map<String, Long> held;
            try {
                held = JSON.readValue(row.held, new TypeReference<Map<String, Long>>() { });
            } catch (IOException e) {
                held = Map.of();
            }
            return new Relay(row.agent, row.relayUrl, row.load, row.lagMillis, held, row.uploadBytesPerSecond, row.uplinkBytesPerSecond);
        }

        /** Its measured upload over its uplink's capacity (0.25: a quarter of it in use), or null when it reported none. */
        Double load() {
            return uploadBytesPerSecond == null || uplinkBytesPerSecond == null || uplinkBytesPerSecond <= 0 ? null
                    : (double) uploadBytesPerSecond / uplinkBytesPerSecond;
        }
    }

    /**
     * One source as the room API lists it.
     *
     * @param behind               segments behind the newest announced ones, over every rendition
     * @param lagMillis            for a relay, how long after its announcement it held its newest segment
     * @param load                 for a relay, its measured upload over its uplink's capacity; null for the origin and a
     *                             relay that reported no measurement
     * @param uploadBytesPerSecond for a relay, what it uploads for the live rooms it relays (bytes per second, the last 10 s)
     * @param uplinkBytesPerSecond for a relay, its uplink's capacity (bytes per second)
     * @param rooms                for a relay, how many rooms it relays; null for the origin
     * @param held                 a relay's newest index per rendition; null for the origin (which holds everything announced)
     */
    public record Source(String kind, String url, String agent, long behind, long lagMillis, Double load, Long uploadBytesPerSecond,
                         Long uplinkBytesPerSecond, Integer rooms, Map<String, Long> held) {
    }

    private LiveSources() {
    }

    /** @param newest per rendition, the newest announced index */
    public static List<Source> rank(String originUrl, boolean shielded, Map<String, Long> newest, List<Relay> relays) {
        List<Source> all = new ArrayList<>();
        for (Relay r : relays) {
            long behind = 0;
            for (Map.Entry<String, Long> e : newest.entrySet()) {
                behind += Math.max(0, e.getValue() - r.held().getOrDefault(e.getKey(), -1L));
            }
            all.add(new Source(RELAY, r.url(), r.agent(), behind, r.lagMillis(), r.load(), r.uploadBytesPerSecond(),
                    r.uplinkBytesPerSecond(), r.rooms(), Map.copyOf(r.held())));
        }
        if (!shielded && originUrl != null) {
            all.add(new Source(ORIGIN, originUrl, null, 0, 0, null, null, null, null, null));
        }
        all.sort(Comparator.comparingLong(Source::behind).thenComparingLong(s -> s.lagMillis() / LAG_STEP_MILLIS)
                .thenComparing(Source::load, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Source::rooms, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(Source::lagMillis)
                .thenComparing(s -> s.agent() == null ? "" : s.agent()));
        return List.copyOf(all.subList(0, Math.min(MAX_SOURCES, all.size())));
    }

    /**
     * The source a player without our loader is sent to for a segment: the best-ranked relay that reported holding it
     * (its newest index at or past the segment's, within the window it keeps), else the origin when it is listed.
     */
    public static Optional<Source> pick(List<Source> ranked, String rendition, long index, int window) {
        return pick(ranked, rendition, index, index, window);
    }

    /**
     * The same for what segments {@code first} to {@code last} of a rendition share, such as their fMP4 init segment (a
     * relay fetches a segment's init segment before the segment, and keeps it while it relays the room): the best-ranked
     * relay that held one of them within its window, else the origin when it is listed.
     */
    public static Optional<Source> pick(List<Source> ranked, String rendition, long first, long last, int window) {
        for (Source s : ranked) {
            if (RELAY.equals(s.kind())) {
                Long newest = s.held().get(rendition);
                if (newest != null && newest >= first && last > newest - window) {
                    return Optional.of(s);
                }
            }
        }
        return ranked.stream().filter(s -> ORIGIN.equals(s.kind())).findFirst();
    }
}
