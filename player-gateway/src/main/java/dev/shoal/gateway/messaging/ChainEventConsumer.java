package dev.shoal.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.gateway.tips.TipLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Applies the tip splitter's events from Kafka topic {@code shoal.events} (the marketplace's outbox relay: an
 * envelope {@code {id, type, aggregateType, aggregateId, occurredAt, data}}, where a chain event's data is
 * {@code {contract, address, event, blockNumber, txHash, logIndex, args}}). Each event id is recorded in
 * {@code processed_event} in the transaction of its effect, so a redelivered event changes nothing. A failure (the
 * database away) is retried with back-off and the partition waits: events are never skipped, only unreadable ones.
 */
@ApplicationScoped
public class ChainEventConsumer {

    public static final String TOPIC = "shoal.events";
    private static final Logger LOG = Logger.getLogger(ChainEventConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessedEventRepository processed;
    private final TipLedger ledger;

    public ChainEventConsumer(ProcessedEventRepository processed, TipLedger ledger) {
        this.processed = processed;
        this.ledger = ledger;
    }

    @Incoming("shoal-events")
    public Uni<Void> consume(String value) {
        Event event;
        try {
            event = parse(value);
        } catch (Exception e) {
            LOG.warnf("skipping an unreadable event on %s: %s", TOPIC, e.toString());
            return Uni.createFrom().voidItem();
        }
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> processed.findById(event.id()).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().voidItem();
                    }
                    ProcessedEvent mark = new ProcessedEvent();
                    mark.eventId = event.id();
                    mark.topic = TOPIC;
                    mark.processedAt = OffsetDateTime.now();
                    return processed.persist(mark).chain(event.effect()::get);
                }))
                .onFailure().invoke(e -> LOG.warnf("event %s (%s) not applied yet, retrying: %s", event.id(), event.type(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private record Event(UUID id, String type, java.util.function.Supplier<Uni<Void>> effect) {
    }

    /** The event if it is one the gateway applies; null for every other event on the topic. */
    private Event parse(String value) throws Exception {
        JsonNode envelope = JSON.readTree(value);
        String type = envelope.path("type").asText();
        JsonNode data = envelope.path("data");
        if (!data.path("contract").asText().equals("TipSplitter") || !(type.equals("TipSplit") || type.equals("Withdrawn"))) {
            return null;
        }
        UUID id = UUID.fromString(envelope.path("id").asText());
        JsonNode args = data.path("args");
        String txHash = data.path("txHash").asText().toLowerCase();
        long block = data.path("blockNumber").asLong();
        OffsetDateTime at = OffsetDateTime.parse(envelope.path("occurredAt").asText());
        if (type.equals("Withdrawn")) {
            TipLedger.ChainWithdrawal w = new TipLedger.ChainWithdrawal(id, address(args, "account"), wei(args, "amount"), txHash, block, at);
            return new Event(id, type, () -> ledger.apply(w));
        }
        TipLedger.ChainTipSplit s = new TipLedger.ChainTipSplit(id, args.path("ref").asText().toLowerCase(), wei(args, "tipId"),
                args.path("contentId").asText().toLowerCase().replaceFirst("^0x", ""), address(args, "tipper"), address(args, "creator"),
                address(args, "servingNode"), address(args, "locator"), wei(args, "amount"), wei(args, "creatorAmount"),
                wei(args, "servingAmount"), wei(args, "locatorAmount"), txHash, block, at);
        return new Event(id, type, () -> ledger.apply(s));
    }

    private static String address(JsonNode args, String name) {
        String a = args.path(name).asText().toLowerCase();
        if (!a.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException(name + " is not an address: " + a);
        }
        return a;
    }

    private static BigInteger wei(JsonNode args, String name) {
        return new BigInteger(args.path(name).asText());
    }
}
