package dev.shoal.marketplace.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether to say that an order still waits for agents. The placement job tries every waiting order every interval (a
 * second or two), so the news is said when it changes (a new order waiting, or other counts of replicas missing and
 * placed) and otherwise at most once per {@link #REPEAT} per order, with how long it has waited. What this instance has
 * said is kept in memory: another instance that takes over the job says it once again.
 */
final class PlacementWaits {

    /** How often an unchanged wait is said again. */
    static final Duration REPEAT = Duration.ofMinutes(1);

    private record Said(int placed, int missing, Instant since, Instant at) {
    }

    private final Map<UUID, Said> said = new ConcurrentHashMap<>();

    /**
     * This round's outcome for an order that still misses replicas after {@code placed} of {@code missing} were placed:
     * the line to log, or empty when it has been said recently enough.
     */
    Optional<String> waiting(UUID order, int placed, int missing, Instant now) {
        String[] line = new String[1];
        said.compute(order, (id, before) -> {
            boolean changed = before == null || before.placed() != placed || before.missing() != missing;
            Instant since = before == null ? now : before.since();
            if (changed) {
                line[0] = "order %s: %d of %d missing replicas placed; the rest wait for agents".formatted(order, placed, missing)
                        + (before == null ? "" : " (waiting for %s)".formatted(shown(Duration.between(since, now))));
                return new Said(placed, missing, since, now);
            }
            if (!now.isBefore(before.at().plus(REPEAT))) {
                line[0] = "order %s: still %d of %d missing replicas placed; waiting for agents for %s".formatted(order, placed,
                        missing, shown(Duration.between(since, now)));
                return new Said(placed, missing, since, now);
            }
            return before;
        });
        return Optional.ofNullable(line[0]);
    }

    /** The order has every replica it asked for (or no longer waits): a later wait is news again. */
    void done(UUID order) {
        said.remove(order);
    }

    /** Forgets every order but these (the ones still waiting), so cancelled and expired orders are not kept. */
    void retain(Collection<UUID> waiting) {
        said.keySet().retainAll(waiting);
    }

    /** "45 s", "3 min 20 s", "2 h 5 min". */
    static String shown(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
}
