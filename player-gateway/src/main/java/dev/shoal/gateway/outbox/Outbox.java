package dev.shoal.gateway.outbox;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The one writer of the gateway's outbox: records an event inside the caller's transaction, so it exists exactly when
 * the change it reports was committed; messaging's relay publishes it to its type's topic afterwards.
 */
@ApplicationScoped
public class Outbox {

    /** Fired (asynchronously) after a transaction that recorded events committed: the relay need not wait for its next turn. */
    public record Committed() {
    }

    private final OutboxRepository events;
    private final Event<Committed> committed;

    public Outbox(OutboxRepository events, Event<Committed> committed) {
        this.events = events;
        this.committed = committed;
    }

    /** Tells the relay that events were committed. */
    public void committed() {
        committed.fireAsync(new Committed());
    }

    /** A fact about {@code key} (the Kafka record key) whose id derives from {@code name}, so a consumer can tell a copy. */
    public Uni<OutboxEvent> record(EventType type, String key, String name, Object payload, Instant at) {
        UUID id = UUID.nameUUIDFromBytes((type.wireName() + "/" + name).getBytes(StandardCharsets.UTF_8));
        OutboxEvent event = new OutboxEvent();
        event.id = id;
        event.topic = type.topic().topicName();
        event.aggregateId = key;
        event.eventType = type.wireName();
        event.payload = EventEnvelope.of(type, id, key, at, payload).toJson();
        event.createdAt = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return events.persist(event);
    }
}
