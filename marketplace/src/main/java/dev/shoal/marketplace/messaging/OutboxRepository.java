package dev.shoal.marketplace.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, UUID> {

    public Uni<Long> countUnpublished() {
        return count("publishedAt is null");
    }

    /** Inserts the row unless one of its id exists (two readers of the same fact race without failing); rows written. */
    Uni<Integer> insertUnlessPresent(OutboxEvent e) {
        return getSession().chain(s -> s.createNativeQuery("insert into outbox_event"
                        + " (id, aggregate_type, aggregate_id, event_type, payload, created_at)"
                        + " values (:id, :aggregateType, :aggregateId, :eventType, cast(cast(:payload as text) as jsonb), :createdAt)"
                        + " on conflict (id) do nothing")
                .setParameter("id", e.id).setParameter("aggregateType", e.aggregateType)
                .setParameter("aggregateId", e.aggregateId).setParameter("eventType", e.eventType)
                .setParameter("payload", e.payload).setParameter("createdAt", e.createdAt)
                .executeUpdate());
    }
}
