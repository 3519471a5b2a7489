package dev.shoal.marketplace.messaging;

import dev.shoal.contracts.event.Topic;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.MarketplaceConfig.Outbox.Fault;
import dev.shoal.service.messaging.OutboxProducer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes committed outbox rows to Kafka topic {@code shoal.events} ({@link Topic#EVENTS}): the value is the
 * envelope the row holds, the key its aggregate (so the facts about one deal or order stay in order), the headers
 * its id and type. Marks each row with where Kafka stored it (partition, offset) once acknowledged. One batch at a time
 * across instances (service-kit's {@link OutboxProducer}: its relay lock, its producer); the schedule runs on the jobs'
 * lease holder only.
 *
 * <p>Each event reaches the topic once. A crash after Kafka's acknowledgement and before the mark, or a
 * mark that failed, leaves rows Kafka holds but the outbox does not know of. Before its first batch, and
 * after any failed one, the relay reads the topic back from the last offsets it recorded ({@link
 * TopicReadBack}) and marks the rows it finds there instead of sending them again. The producer is
 * idempotent, so its own retries add no copies either.
 */
@Singleton
public class OutboxRelay {

    public static final Topic TOPIC = Topic.EVENTS;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    /** The relay's name for its lock (service-kit's {@link OutboxProducer#relayLock}). */
    static final String RELAY = "marketplace";

    private final Pool pool;
    private final String bootstrap;
    private final Fault fault;
    private final OutboxProducer kafka;
    private volatile boolean readBackNeeded = true;

    public OutboxRelay(Pool pool, MarketplaceConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.pool = pool;
        this.bootstrap = bootstrap;
        this.fault = config.outbox().fault();
        this.kafka = new OutboxProducer(bootstrap, "shoal-marketplace-outbox");
        if (fault != Fault.NONE) {
            LOG.warnf("outbox fault injection is on (%s): for crash tests only", fault);
        }
    }

    /**
     * Publishes one batch of waiting rows and returns how many left. Blocking: call it from a worker
     * thread, never from the event loop.
     */
    public int publishPending() {
        if (fault == Fault.HOLD) {
            return 0;
        }
        if (readBackNeeded) {
            int found = new TopicReadBack(bootstrap, pool).markPublished(TOPIC.topicName());
            if (found > 0) {
                LOG.infof("%d event(s) were already on %s but not marked published (a crash or a failed mark): marked, not sent again",
                        found, TOPIC);
            }
            readBackNeeded = false;
        }
        try {
            return pool.withTransaction(conn -> OutboxProducer.relayLock(conn, RELAY).chain(mine -> !mine ? Uni.createFrom().item(0) : conn
                    .preparedQuery("select id, aggregate_id, event_type, payload from outbox_event"
                            + " where published_at is null order by created_at, id limit " + BATCH)
                    .execute()
                    .chain(rows -> {
                        List<OutboxProducer.Row> waiting = new ArrayList<>();
                        rows.forEach(row -> waiting.add(new OutboxProducer.Row(row.getUUID("id"), TOPIC.topicName(),
                                row.getString("aggregate_id"), row.getString("event_type"), row.getJsonObject("payload").encode())));
                        if (waiting.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        return kafka.sendInOrder(waiting)
                                .invoke(this::haltIfAsked)
                                .chain(stored -> conn.preparedQuery("""
                                                update outbox_event e set published_at = now(), kafka_partition = p.part, kafka_offset = p.off
                                                from unnest($1::uuid[], $2::int[], $3::bigint[]) as p(id, part, off) where e.id = p.id""")
                                        .execute(Tuple.of(waiting.stream().map(OutboxProducer.Row::id).toArray(UUID[]::new),
                                                stored.stream().map(RecordMetadata::partition).toArray(Integer[]::new),
                                                stored.stream().map(RecordMetadata::offset).toArray(Long[]::new))))
                                .replaceWith(waiting.size());
                    })))
                    .await().indefinitely();
        } catch (RuntimeException e) {
            // some rows may be on the topic without their mark: read it back before sending anything again
            readBackNeeded = true;
            throw e;
        }
    }

    /** Reads the topic back before the next batch (another relay may have stopped between a send and its mark). */
    public void readBackBeforeNextBatch() {
        readBackNeeded = true;
    }

    private void haltIfAsked(List<RecordMetadata> stored) {
        if (fault == Fault.HALT_AFTER_SEND) {
            LOG.warnf("outbox fault halt-after-send: %d event(s) acknowledged by Kafka, halting before they are marked", stored.size());
            Runtime.getRuntime().halt(137);
        }
    }

    @PreDestroy
    void close() {
        kafka.close();
    }
}
