package dev.shoal.marketplace.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the events topic from just after the last offset the outbox recorded, per partition, to its end
 * and marks the outbox rows whose ids (header {@code event-id}) it finds there as published at that position.
 * Records of other producers (ids this database does not hold) are skipped. Blocking.
 */
final class TopicReadBack {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final String bootstrap;
    private final Pool pool;

    TopicReadBack(String bootstrap, Pool pool) {
        this.bootstrap = bootstrap;
        this.pool = pool;
    }

    /** How many unmarked rows were found on the topic and marked. */
    int markPublished(String topic) {
        Map<Integer, Long> recorded = new HashMap<>();
        pool.query("select kafka_partition, max(kafka_offset) as last from outbox_event where kafka_offset is not null group by kafka_partition")
                .execute().await().atMost(LIMIT)
                .forEach(row -> recorded.put(row.getInteger("kafka_partition"), row.getLong("last")));

        List<UUID> ids = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "shoal-marketplace-outbox-read-back",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(topic, LIMIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (all.isEmpty()) {
                return 0;
            }
            consumer.assign(all);
            for (TopicPartition tp : all) {
                Long last = recorded.get(tp.partition());
                if (last == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, last + 1);
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, LIMIT);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (!caughtUp(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " back took longer than " + LIMIT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    UUID id = eventId(record);
                    if (id != null) {
                        ids.add(id);
                        partitions.add(record.partition());
                        offsets.add(record.offset());
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        // first copy wins: a row already marked keeps its position
        return pool.preparedQuery("""
                        update outbox_event e set published_at = coalesce(e.published_at, now()), kafka_partition = p.part, kafka_offset = p.off
                        from (select distinct on (id) id, part, off from unnest($1::uuid[], $2::int[], $3::bigint[]) as u(id, part, off)
                              order by id, part, off) p
                        where e.id = p.id and e.kafka_offset is null returning e.id, (e.published_at = now()) as fresh""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), partitions.toArray(Integer[]::new), offsets.toArray(Long[]::new)))
                .await().atMost(LIMIT)
                .stream().mapToInt(row -> Boolean.TRUE.equals(row.getBoolean("fresh")) ? 1 : 0).sum();
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), LIMIT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The event id the record's header names; null for a record that names none (not the outbox's). */
    private static UUID eventId(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventEnvelope.HEADER_ID);
        if (header == null) {
            return null;
        }
        try {
            return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
