package dev.shoal.gateway.messaging;

import dev.shoal.gateway.outbox.Outbox;
import dev.shoal.service.messaging.OutboxProducer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the gateway's committed outbox rows (live rooms' announcements and state changes) to their topics, keyed by
 * their aggregate (a room: its events stay in order on one partition), with the id and type as headers. Rows are
 * published by one batch at a time across instances (service-kit's {@link OutboxProducer}: its relay lock, its producer),
 * so any instance may relay: the one whose commit recorded the events relays them at once. A crash between Kafka's acknowledgement and
 * the mark sends a row again; its readers recognise the copy by its id (announcements: room, rendition and index).
 * It runs at once after a commit that recorded events: announcements are on the viewers' path.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    /** The relay's name for its lock (service-kit's {@link OutboxProducer#relayLock}). */
    static final String RELAY = "gateway";

    private final Pool pool;
    private final OutboxProducer kafka;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "gateway-outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();

    public OutboxRelay(Pool pool, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.pool = pool;
        this.kafka = new OutboxProducer(bootstrap, "shoal-gateway-outbox");
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
        return pool.withTransaction(conn -> OutboxProducer.relayLock(conn, RELAY).chain(mine -> !mine ? Uni.createFrom().item(0) : conn
                        .preparedQuery("select id, topic, aggregate_id, event_type, payload from outbox_event"
                                + " where published_at is null order by created_at, id limit " + BATCH)
                        .execute()
                        .chain(rows -> {
                            List<OutboxProducer.Row> waiting = new ArrayList<>();
                            rows.forEach(row -> waiting.add(new OutboxProducer.Row(row.getUUID("id"), row.getString("topic"),
                                    row.getString("aggregate_id"), row.getString("event_type"), row.getString("payload"))));
                            if (waiting.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            return kafka.sendInOrder(waiting)
                                    .chain(sent -> conn.preparedQuery("update outbox_event set published_at = now() where id = any($1)")
                                            .execute(Tuple.of(waiting.stream().map(OutboxProducer.Row::id).toArray(UUID[]::new))))
                                    .replaceWith(waiting.size());
                        })))
                .await().atMost(Duration.ofSeconds(60));
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
        kafka.close();
    }
}
