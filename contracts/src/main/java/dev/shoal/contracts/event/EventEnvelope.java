package dev.shoal.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.error.UnknownVersionException;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One event on a Kafka topic (see the package documentation for the format).
 *
 * @param version    the version of {@code type}'s format
 * @param key        what the fact is about (a deal, an order, a room): the Kafka record key
 * @param occurredAt ISO-8601
 * @param data       the payload, to be read as {@code type}'s payload record ({@link #data(EventType)})
 */
public record EventEnvelope(int version, UUID id, String type, String key, String occurredAt, JsonNode data) {

    /** Kafka headers that repeat the id and type, so a reader can route or skip without parsing the value. */
    public static final String HEADER_ID = "event-id";
    public static final String HEADER_TYPE = "event-type";

    public static EventEnvelope of(EventType type, UUID id, String key, Instant occurredAt, Object payload) {
        if (!type.payload().isInstance(payload)) {
            throw new IllegalArgumentException(type.wireName() + " carries a " + type.payload().getSimpleName()
                    + ", not a " + payload.getClass().getSimpleName());
        }
        return new EventEnvelope(type.version(), id, type.wireName(), key, occurredAt.toString(), EventJson.MAPPER.valueToTree(payload));
    }

    /** Reads an envelope; {@link IllegalArgumentException} when the value is not one. */
    public static EventEnvelope parse(String json) {
        EventEnvelope envelope;
        try {
            envelope = EventJson.MAPPER.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getOriginalMessage(), e);
        }
        if (envelope.id == null || envelope.type == null || envelope.data == null) {
            throw new IllegalArgumentException("not an event envelope: id, type and data are required");
        }
        return envelope;
    }

    public String toJson() {
        try {
            return EventJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type, if this build knows its name. */
    public Optional<EventType> knownType() {
        return EventType.named(type);
    }

    /**
     * The payload as {@code expected}'s record. {@link UnknownVersionException} when the envelope is of that type in a
     * version this build does not read; {@link IllegalArgumentException} when it is another type or does not fit.
     */
    @SuppressWarnings("unchecked")
    public <T> T data(EventType expected) {
        if (!expected.wireName().equals(type)) {
            throw new IllegalArgumentException("a " + type + " event is not a " + expected.wireName());
        }
        if (!expected.reads(version)) {
            throw new UnknownVersionException(type + " event", version, expected.version());
        }
        return (T) EventJson.MAPPER.convertValue(data, expected.payload());
    }
}
