package dev.shoal.marketplace.locator;

import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.AgentHeartbeat;
import dev.shoal.marketplace.deal.DealMoved;
import dev.shoal.marketplace.mirror.MirrorsChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who holds each content, kept between locates so a hot content costs no query: the agents of its ACTIVE, unsuspended
 * deals as the database last said, the creator's origins and the content's mirrors (a mirror's registration or
 * removal drops the content's entry). A deal's move (proposed, active, failed, ended) drops every entry, since deals
 * move rarely beside locates; a heartbeat refreshes the agent's liveness and load in place, so the ranking and the
 * freshness filter read what the agent said last, not what the cache was loaded with. An entry older than
 * {@code shoal.market.locator-cache-ttl} is loaded again, which bounds what another instance's moves and heartbeats
 * (events this instance does not see) can leave out of date.
 */
@ApplicationScoped
public class Holders {

    /** One holder as the locator ranks it. */
    record Holder(String address, String endpoint, String region, long usedBytes, long capacityBytes, OffsetDateTime lastHeartbeatAt) {

        static Holder of(Agent a) {
            return new Holder(a.address, a.endpoint, a.region, a.usedBytes, a.capacityBytes, a.lastHeartbeatAt);
        }

        Holder with(AgentHeartbeat beat) {
            return beat.at().isAfter(lastHeartbeatAt)
                    ? new Holder(address, endpoint, region, beat.usedBytes(), beat.capacityBytes(), beat.at()) : this;
        }

        double load() {
            return capacityBytes <= 0 ? 1.0 : Math.min(1.0, (double) usedBytes / capacityBytes);
        }
    }

    /** What a locate needs of one content: its holders, its creator's origins and its registered mirrors' URL templates. */
    record Known(List<Holder> holders, List<String> origins, List<String> mirrors) {

        Known(List<Holder> holders, List<String> origins) {
            this(holders, origins, List.of());
        }
    }

    private record Entry(Known known, long loadedAtMillis) {
    }

    /**
     * A move is heard inside the transaction that writes it, before its commit: a load in the next moments may still
     * read the state before it. Such loads are answered but not kept.
     */
    static final long SETTLE_MILLIS = 2_000;

    private final Map<String, Entry> byContent = new ConcurrentHashMap<>();
    private volatile long lastMoveMillis = Long.MIN_VALUE / 2;
    private final Map<String, AgentHeartbeat> lastBeats = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public Holders(Clock clock, dev.shoal.marketplace.MarketplaceConfig config) {
        this.clock = clock;
        this.ttl = config.market().locatorCacheTtl();
    }

    /** The content's holders and origins, from the cache while it is fresh, else from {@code load} (which is then kept). */
    Uni<Known> of(String contentId, Supplier<Uni<Known>> load) {
        long now = clock.millis();
        Entry cached = byContent.get(contentId);
        if (cached != null && now - cached.loadedAtMillis < ttl.toMillis()) {
            return Uni.createFrom().item(new Known(refreshed(cached.known.holders()), cached.known.origins(), cached.known.mirrors()));
        }
        return load.get().map(known -> {
            if (!ttl.isZero() && now - lastMoveMillis > SETTLE_MILLIS) {
                byContent.put(contentId, new Entry(known, now));
            }
            return new Known(refreshed(known.holders()), known.origins(), known.mirrors());
        });
    }

    private List<Holder> refreshed(List<Holder> holders) {
        return holders.stream().map(h -> {
            AgentHeartbeat beat = lastBeats.get(h.address());
            return beat == null ? h : h.with(beat);
        }).toList();
    }

    void dealMoved(@Observes DealMoved moved) {
        lastMoveMillis = clock.millis();
        byContent.clear();
    }

    /** Like a deal's move: heard before the commit, so loads in the next moments are not kept. */
    void mirrorsChanged(@Observes MirrorsChanged changed) {
        lastMoveMillis = clock.millis();
        byContent.remove(changed.contentId());
    }

    void heartbeat(@Observes AgentHeartbeat beat) {
        lastBeats.merge(beat.address(), beat, (old, next) -> next.at().isAfter(old.at()) ? next : old);
    }
}
