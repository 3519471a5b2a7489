package dev.shoal.marketplace.messaging;

import dev.shoal.contracts.event.DealTransitioned;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.OrderPlaced;
import dev.shoal.contracts.wire.Golden;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox stores each event as the envelope that goes on the topic, keyed by what it is about. */
class OutboxTests {

    final List<OutboxEvent> stored = new ArrayList<>();
    final Outbox outbox = new Outbox(new OutboxRepository() {
        @Override
        public Uni<OutboxEvent> persist(OutboxEvent event) {
            stored.add(event);
            return Uni.createFrom().item(event);
        }
    });

    @Test
    void aRecordedEventIsTheGoldenEnvelopeUnderAFreshId() {
        EventEnvelope golden = EventEnvelope.parse(Golden.text(Golden.DEAL_ACTIVATED));
        DealTransitioned payload = golden.data(EventType.DEAL_ACTIVATED);

        OutboxEvent row = outbox.record(EventType.DEAL_ACTIVATED, "deal", payload.dealId(), payload).await().atMost(Duration.ofSeconds(5));

        assertThat(stored).containsExactly(row);
        assertThat(row.eventType).isEqualTo("DealActivated");
        assertThat(row.aggregateId).isEqualTo(golden.key());
        EventEnvelope envelope = EventEnvelope.parse(row.payload);
        assertThat(envelope.id()).isEqualTo(row.id).isNotEqualTo(golden.id());
        assertThat(envelope.occurredAt()).isEqualTo(row.createdAt.toInstant().toString());
        assertThat(Golden.treeOf(EventEnvelope.of(EventType.DEAL_ACTIVATED, golden.id(), envelope.key(),
                java.time.Instant.parse(golden.occurredAt()), envelope.data(EventType.DEAL_ACTIVATED)).toJson()))
                .isEqualTo(Golden.tree(Golden.DEAL_ACTIVATED));
    }

    @Test
    void anEventIsRecordedOnlyWithItsTypesPayload() {
        assertThatThrownBy(() -> outbox.record(EventType.DEAL_ACTIVATED, "order", "o", new OrderPlaced("o", "c", 5, 10, "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stored).isEmpty();
    }
}
