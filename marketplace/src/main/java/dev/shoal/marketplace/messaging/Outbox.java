package dev.shoal.marketplace.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The one writer of the outbox: records an event inside the caller's transaction, so the event exists exactly when
 * the change it reports was committed. The row holds the event's envelope as it goes on the topic
 * (contracts' {@code event} package); the relay publishes it to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository events;

    public Outbox(OutboxRepository events) {
        this.events = events;
    }

    /**
     * A new fact, under a fresh id, about {@code aggregateId} (a deal, an order, an agent): the envelope's key, which
     * also keys the Kafka record, so the facts about one aggregate stay in order.
     */
    public Uni<OutboxEvent> record(EventType type, String aggregateType, String aggregateId, Object payload) {
        OutboxEvent event = row(type, UUID.randomUUID(), aggregateType, aggregateId, payload, Instant.now());
        return events.persist(event);
    }

    /**
     * A fact whose id the caller derives (a chain event, read again after a crash or by a second instance): written
     * once, and nothing happens when a row of that id exists. True when this call wrote it.
     */
    public Uni<Boolean> recordOnce(EventType type, UUID id, String aggregateType, String aggregateId, Object payload) {
        OutboxEvent event = row(type, id, aggregateType, aggregateId, payload, Instant.now());
        return events.insertUnlessPresent(event).map(inserted -> inserted > 0);
    }

    private static OutboxEvent row(EventType type, UUID id, String aggregateType, String aggregateId, Object payload, Instant at) {
        if (type.topic() != OutboxRelay.TOPIC) {
            // the relay's read-back keeps Kafka positions per partition of one topic
            throw new IllegalArgumentException(type.wireName() + " goes to " + type.topic().topicName() + ", the outbox to "
                    + OutboxRelay.TOPIC.topicName() + " only");
        }
        OutboxEvent event = new OutboxEvent();
        event.id = id;
        event.aggregateType = aggregateType;
        event.aggregateId = aggregateId;
        event.eventType = type.wireName();
        event.payload = EventEnvelope.of(type, id, aggregateId, at, payload).toJson();
        event.createdAt = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return event;
    }
}
