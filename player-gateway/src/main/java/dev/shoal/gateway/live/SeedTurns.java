package dev.shoal.gateway.live;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * Whose turn it is to seed each new segment of one room (docs/live.md, "Seeding"): round-robin, per rendition, over the
 * seats of this instance's viewers (a seat is a number a viewer's stream is given when it opens, never reused). The
 * next seat after the last one given, so a viewer who left is skipped and one who came takes its place in the round.
 * Each announcement is given once, however often it arrives (redelivered, or relayed by several instances).
 */
final class SeedTurns {

    /** How far behind a rendition's newest given index an announcement is still remembered as given. */
    private static final long REMEMBERED = 512;

    private final Map<String, Long> lastSeat = new HashMap<>();
    private final Map<String, NavigableSet<Long>> given = new HashMap<>();

    /**
     * The seat whose turn it is to seed announcement {@code index} of {@code rendition}, among {@code seats} (the
     * viewers who can take it now); empty when there is none, or when that announcement was given already.
     */
    synchronized OptionalLong next(String rendition, long index, LongStream seats) {
        NavigableSet<Long> indexes = given.computeIfAbsent(rendition, k -> new TreeSet<>());
        if (indexes.contains(index) || (!indexes.isEmpty() && index < indexes.last() - REMEMBERED)) {
            return OptionalLong.empty();
        }
        long last = lastSeat.getOrDefault(rendition, -1L);
        long first = Long.MAX_VALUE;
        long after = Long.MAX_VALUE;
        for (long seat : (Iterable<Long>) seats::iterator) {
            first = Math.min(first, seat);
            if (seat > last) {
                after = Math.min(after, seat);
            }
        }
        if (first == Long.MAX_VALUE) {
            return OptionalLong.empty();
        }
        long seat = after != Long.MAX_VALUE ? after : first;
        indexes.add(index);
        indexes.headSet(indexes.last() - REMEMBERED).clear();
        lastSeat.put(rendition, seat);
        return OptionalLong.of(seat);
    }
}
