package dev.shoal.gateway.messaging;

import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.event.ChainEventObserved;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.Topic;
import dev.shoal.gateway.tips.TipLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies the tip splitter's events from Kafka topic {@code shoal.events} (contracts' {@code event} format: the
 * marketplace's {@code ChainEventObserved} of contract {@code TipSplitter}, events {@code TipSplit} and {@code
 * Withdrawn}). Each event id is recorded in {@code processed_event} in the transaction of its effect, so a
 * redelivered event changes nothing. A failure (the database away) is retried with back-off and the partition waits:
 * events are never skipped, except those this gateway cannot read (not an envelope, or a version of a type it does not
 * read), which are logged and counted in {@code shoal_events_skipped_total}.
 */
@ApplicationScoped
public class ChainEventConsumer {

    private static final Logger LOG = Logger.getLogger(ChainEventConsumer.class);
    private static final String TOPIC = Topic.EVENTS.topicName();

    private final ProcessedEventRepository processed;
    private final TipLedger ledger;
    private final MeterRegistry metrics;

    public ChainEventConsumer(ProcessedEventRepository processed, TipLedger ledger, MeterRegistry metrics) {
        this.processed = processed;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    @Incoming(EventsTopic.CHANNEL)
    public Uni<Void> consume(String value) {
        Optional<Applicable> read;
        try {
            read = read(value);
        } catch (UnknownVersionException e) {
            return skip("unknown-version", e.getMessage());
        } catch (RuntimeException e) {
            return skip("unreadable", e.toString());
        }
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Applicable event = read.get();
        return Panache.withTransaction(() -> processed.findById(event.id()).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().voidItem();
                    }
                    ProcessedEvent mark = new ProcessedEvent();
                    mark.eventId = event.id();
                    mark.topic = TOPIC;
                    mark.processedAt = OffsetDateTime.now();
                    return processed.persist(mark).chain(() -> apply(event.fact()));
                }))
                .onFailure().invoke(e -> LOG.warnf("event %s (%s) not applied yet, retrying: %s", event.id(), event.name(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private Uni<Void> skip(String reason, String why) {
        metrics.counter("shoal.events.skipped", "topic", TOPIC, "reason", reason).increment();
        LOG.warnf("skipping an event on %s that this gateway cannot read (%s): %s", TOPIC, reason, why);
        return Uni.createFrom().voidItem();
    }

    /** An event the gateway applies: its id, its name, and the fact the tip ledger records. */
    record Applicable(UUID id, String name, Record fact) {
    }

    private Uni<Void> apply(Record fact) {
        if (fact instanceof TipLedger.ChainTipSplit split) {
            return ledger.apply(split);
        }
        return ledger.apply((TipLedger.ChainWithdrawal) fact);
    }

    /**
     * The event if it is one the gateway applies; empty for every other event on the topic. {@link
     * UnknownVersionException} for a version this build does not read, {@link IllegalArgumentException} for a value
     * that is not an event.
     */
    static Optional<Applicable> read(String value) {
        EventEnvelope envelope = EventEnvelope.parse(value);
        if (envelope.knownType().filter(t -> t == EventType.CHAIN_EVENT_OBSERVED).isEmpty()) {
            return Optional.empty();
        }
        ChainEventObserved chain = envelope.data(EventType.CHAIN_EVENT_OBSERVED);
        UUID id = envelope.id();
        String txHash = chain.txHash().toLowerCase();
        OffsetDateTime at = OffsetDateTime.parse(envelope.occurredAt());
        if (chain.is(ChainEventObserved.TIP_SPLITTER, "Withdrawn")) {
            ChainEventObserved.Withdrawn w = chain.args(ChainEventObserved.Withdrawn.class);
            TipLedger.ChainWithdrawal withdrawal = new TipLedger.ChainWithdrawal(id, address("account", w.account()),
                    new BigInteger(w.amount()), txHash, chain.blockNumber(), at);
            return Optional.of(new Applicable(id, "Withdrawn", withdrawal));
        }
        if (chain.is(ChainEventObserved.TIP_SPLITTER, "TipSplit")) {
            ChainEventObserved.TipSplit t = chain.args(ChainEventObserved.TipSplit.class);
            TipLedger.ChainTipSplit split = new TipLedger.ChainTipSplit(id, t.ref().toLowerCase(), new BigInteger(t.tipId()),
                    t.contentId().toLowerCase().replaceFirst("^0x", ""), address("tipper", t.tipper()), address("creator", t.creator()),
                    address("servingNode", t.servingNode()), address("locator", t.locator()), new BigInteger(t.amount()),
                    new BigInteger(t.creatorAmount()), new BigInteger(t.servingAmount()), new BigInteger(t.locatorAmount()),
                    txHash, chain.blockNumber(), at);
            return Optional.of(new Applicable(id, "TipSplit", split));
        }
        return Optional.empty();
    }

    private static String address(String name, String value) {
        String a = value == null ? "" : value.toLowerCase();
        if (!a.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException(name + " is not an address: " + a);
        }
        return a;
    }
}
