package dev.shoal.marketplace.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes unpublished outbox rows to Kafka topic {@code shoal.events} (channel shoal-events), keyed by
 * the event id, and marks them published once Kafka acknowledged them. Rows are locked while they are
 * published (skip locked: instances share the work). At least once: a crash between the acknowledgement
 * and the mark publishes a row again, and consumers dedupe on the id.
 */
@Singleton
public class OutboxRelay {

    public static final String TOPIC = "shoal.events";
    private static final int BATCH = 200;

    private final Pool pool;
    private final MutinyEmitter<String> events;

    public OutboxRelay(Pool pool, @Channel("shoal-events") MutinyEmitter<String> events) {
        this.pool = pool;
        this.events = events;
    }

    /** Publishes one batch of waiting rows; the number published. */
    public Uni<Integer> publishPending() {
        return pool.withTransaction(conn -> conn
                .preparedQuery("select id, aggregate_type, aggregate_id, event_type, payload, created_at from outbox_event"
                        + " where published_at is null order by created_at limit " + BATCH + " for update skip locked")
                .execute()
                .chain(rows -> {
                    List<Row> waiting = new ArrayList<>();
                    rows.forEach(waiting::add);
                    if (waiting.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<UUID> ids = waiting.stream().map(r -> r.getUUID("id")).toList();
                    return Multi.createFrom().iterable(waiting)
                            .onItem().transformToUniAndConcatenate(row -> events.sendMessage(message(row)))
                            .collect().last()
                            .chain(() -> conn.preparedQuery("update outbox_event set published_at = now() where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(UUID[]::new))))
                            .replaceWith(waiting.size());
                }));
    }

    private static Message<String> message(Row row) {
        String id = row.getUUID("id").toString();
        String type = row.getString("event_type");
        JsonObject envelope = new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("aggregateType", row.getString("aggregate_type"))
                .put("aggregateId", row.getString("aggregate_id"))
                .put("occurredAt", row.getOffsetDateTime("created_at").toString())
                .put("data", row.getJsonObject("payload"));
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-type", type.getBytes(StandardCharsets.UTF_8));
        return Message.of(envelope.encode()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(id).withHeaders(headers).build());
    }
}
