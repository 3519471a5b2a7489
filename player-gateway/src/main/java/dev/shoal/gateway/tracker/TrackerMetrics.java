package dev.shoal.gateway.tracker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The tracker's series under {@code shoal.tracker.*}; refusals are tagged with {@link Refusal#tag}. */
final class TrackerMetrics {

    private final Counter announces;
    private final Counter offersForwarded;
    private final Counter answersForwarded;
    private final Counter dropped;
    private final Counter swept;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final AtomicInteger connections = new AtomicInteger();

    TrackerMetrics(MeterRegistry registry, Swarms<?> swarms) {
        announces = Counter.builder("shoal.tracker.announces").description("announces handled").register(registry);
        offersForwarded = Counter.builder("shoal.tracker.offers.forwarded").register(registry);
        answersForwarded = Counter.builder("shoal.tracker.answers.forwarded").register(registry);
        dropped = Counter.builder("shoal.tracker.messages.dropped")
                .description("messages not sent because the receiving connection could not keep up").register(registry);
        swept = Counter.builder("shoal.tracker.peers.swept").description("peers dropped for not announcing").register(registry);
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("shoal.tracker.refusals").tag("reason", refusal.tag).register(registry));
        }
        Gauge.builder("shoal.tracker.swarms", swarms, Swarms::swarmCount).register(registry);
        Gauge.builder("shoal.tracker.peers", swarms, Swarms::peerCount).register(registry);
        Gauge.builder("shoal.tracker.connections", connections, AtomicInteger::get).register(registry);
    }

    void announced() {
        announces.increment();
    }

    void offerForwarded() {
        offersForwarded.increment();
    }

    void answerForwarded() {
        answersForwarded.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void swept(int peers) {
        swept.increment(peers);
    }

    void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    void opened() {
        connections.incrementAndGet();
    }

    void closed() {
        connections.decrementAndGet();
    }
}
