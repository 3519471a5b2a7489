package dev.shoal.service.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.service.scheduling.JobLease;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every service's outbox relay shares (the transactional outbox: rows committed with the change they describe,
 * published to Kafka afterwards): one relay at a time across instances, and the Kafka side. A relay publishes one batch
 * per database transaction: {@link #relayLock} first (a transaction-scoped advisory lock: a second instance's batch
 * waits for none and publishes nothing), then it selects its waiting rows, {@link #sendInOrder sends} them, marks them
 * and commits. So one aggregate's events reach the topic in the order they were recorded, whichever instance relays,
 * and a relay that dies mid-batch leaves its rows unmarked, for the next to send (readers recognise a copy by its id).
 *
 * <p>Each record is keyed by its aggregate (its events stay in order on one partition) with the event's id and type
 * as headers ({@link EventEnvelope}). The producer is idempotent with acks=all, so its own retries add no copies.
 * Which table, which topic and how rows are marked stay with each service's relay.
 */
public final class OutboxProducer implements AutoCloseable {

    /** One waiting row, as its relay read it. */
    public record Row(UUID id, String topic, String aggregateId, String type, String payload) {
    }

    private final String bootstrap;
    private final String clientId;
    private volatile KafkaProducer<String, String> producer;

    /** @param clientId the producer's client id ("shoal-marketplace-outbox") */
    public OutboxProducer(String bootstrap, String clientId) {
        this.bootstrap = bootstrap;
        this.clientId = clientId;
    }

    /**
     * Takes the relay lock of {@code relay} for the transaction {@code conn} is in: true when this batch is the one
     * running now; false when another instance's batch is (publish nothing then).
     */
    public static Uni<Boolean> relayLock(SqlConnection conn, String relay) {
        return conn.preparedQuery("select pg_try_advisory_xact_lock($1) as mine")
                .execute(Tuple.of(JobLease.keyOf("outbox-relay:" + relay)))
                .map(rows -> rows.iterator().next().getBoolean("mine"));
    }

    /** Sends the rows one after another (each once Kafka acknowledged the one before); their metadata in order. */
    public Uni<List<RecordMetadata>> sendInOrder(List<Row> rows) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> send(record(row)))
                .collect().asList();
    }

    static ProducerRecord<String, String> record(Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateId(), row.payload());
        record.headers().add(EventEnvelope.HEADER_ID, row.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventEnvelope.HEADER_TYPE, row.type().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Uni<RecordMetadata> send(ProducerRecord<String, String> record) {
        return Uni.createFrom().emitter(emitter -> producer().send(record, (metadata, failure) -> {
            if (failure != null) {
                emitter.fail(failure);
            } else {
                emitter.complete(metadata);
            }
        }));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ProducerConfig.CLIENT_ID_CONFIG, clientId,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.LINGER_MS_CONFIG, 0,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                            new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @Override
    public void close() {
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
