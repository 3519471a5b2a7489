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
 * ones a source's newest is, then how long after the announcement it held it), then by load; at most
 * {@value #MAX_SOURCES}. The origin holds every segment the moment it is announced, so it ranks first when it is
 * named; the segment redirect still sends players to a relay that holds the segment before the origin ({@link #pick}),
 * so that a creator's home line serves relays and the players no relay has reached yet.
 */
public final class LiveSources {

    public static final int MAX_SOURCES = 8;
    public static final String ORIGIN = "origin";
    public static final String RELAY = "relay";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A relay as its last claim described it. */
    public record Relay(String agent, String url, int load, long lagMillis, Map<String, Long> held) {
        static Relay of(LiveRelay row) {
            try {
                return new Relay(row.agent, row.relayUrl, row.load, row.lagMillis, JSON.readValue(row.held, new TypeReference<Map<String, Long>>() { }));
            } catch (IOException e) {
                return new Relay(row.agent, row.relayUrl, row.load, row.lagMillis, Map.of());
            }
        }
    }

    /**
     * One source as the room API lists it.
     *
     * @param behind    segments behind the newest announced ones, over every rendition
     * @param lagMillis for a relay, how long after its announcement it held its newest segment
     * @param load      a relay's reported load; null for the origin
     * @param held      a relay's newest index per rendition; null for the origin (which holds everything announced)
     */
    public record Source(String kind, String url, String agent, long behind, long lagMillis, Integer load, Map<String, Long> held) {
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
            all.add(new Source(RELAY, r.url(), r.agent(), behind, r.lagMillis(), r.load(), Map.copyOf(r.held())));
        }
        if (!shielded && originUrl != null) {
            all.add(new Source(ORIGIN, originUrl, null, 0, 0, null, null));
        }
        all.sort(Comparator.comparingLong(Source::behind).thenComparingLong(Source::lagMillis)
                .thenComparingInt(s -> s.load() == null ? Integer.MAX_VALUE : s.load())
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
