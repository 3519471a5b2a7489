package dev.shoal.gateway.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the gateway's committed outbox rows (live rooms' announcements and state changes) to their topics, keyed by
 * their aggregate (a room: its events stay in order on one partition), with the id and type as headers. Rows are
 * published by one relay at a time. A crash between Kafka's acknowledgement and
 * the mark sends a row again; its readers recognise the copy by its id (announcements: room, rendition and index).
 * It runs at once after a commit that recorded events: announcements are on the viewers' path.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    /** The advisory lock key of the gateway's relay ("shoal-gw" as a number). */
    private static final long RELAY_LOCK = 0x73686f616c2d6777L;

    private final Pool pool;
    private final String bootstrap;
    private volatile KafkaProducer<String, String> producer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "gateway-outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();

    public OutboxRelay(Pool pool, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.pool = pool;
        this.bootstrap = bootstrap;
    }

    /** At once after a commit that recorded events (Outbox.committed), else every second; never on the caller's thread. */
    void onCommitted(@ObservesAsync Outbox.Committed committed) {
        kick();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        kick();
    }

    /** Queues one relay pass on the relay's own thread (one pass at a time, in order); none if one is waiting already. */
    private void kick() {
        if (queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                relay();
            });
        }
    }

    private void relay() {
        try {
            while (publishPending() == BATCH) {
                // a full batch: more may wait
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox: publishing failed, will retry: %s", e.toString());
        }
    }

    /**
     * Publishes one batch of waiting rows; returns how many. One relay at a time across instances (an advisory lock),
     * so a room's events reach the topic in the order they were recorded. Blocking: a worker thread's.
     */
    int publishPending() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1) as mine")
                        .execute(Tuple.of(RELAY_LOCK))
                        .chain(lock -> !lock.iterator().next().getBoolean("mine") ? Uni.createFrom().item(0) : conn
                        .preparedQuery("select id, topic, aggregate_id, event_type, payload from outbox_event"
                                + " where published_at is null order by created_at, id limit " + BATCH)
                        .execute()
                        .chain(rows -> {
                            List<Row> waiting = new ArrayList<>();
                            rows.forEach(waiting::add);
                            if (waiting.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            return Multi.createFrom().iterable(waiting)
                                    .onItem().transformToUniAndConcatenate(row -> send(record(row)))
                                    .collect().asList()
                                    .chain(sent -> conn.preparedQuery("update outbox_event set published_at = now() where id = any($1)")
                                            .execute(Tuple.of(waiting.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new))))
                                    .replaceWith(waiting.size());
                        })))
                .await().atMost(Duration.ofSeconds(60));
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

    private static ProducerRecord<String, String> record(Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), row.getString("aggregate_id"),
                row.getString("payload"));
        record.headers().add(EventEnvelope.HEADER_ID, row.getUUID("id").toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventEnvelope.HEADER_TYPE, row.getString("event_type").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ProducerConfig.CLIENT_ID_CONFIG, "shoal-gateway-outbox",
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

    @PreDestroy
    void close() {
        worker.shutdownNow();
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
