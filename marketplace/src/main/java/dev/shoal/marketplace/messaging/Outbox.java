package dev.shoal.marketplace.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Records an event in the outbox, inside the caller's transaction: the event exists exactly when the
 * change it reports was committed. The relay publishes it to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository events;
    private final ObjectMapper json;

    public Outbox(OutboxRepository events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    public Uni<OutboxEvent> record(String aggregateType, String aggregateId, String eventType, Object payload) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.aggregateType = aggregateType;
        event.aggregateId = aggregateId;
        event.eventType = eventType;
        try {
            event.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        event.createdAt = OffsetDateTime.now();
        return events.persist(event);
    }
}
