package dev.shoal.marketplace.audit;

import dev.shoal.marketplace.order.ReplicaAudits;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<Audit, UUID>, ReplicaAudits {

    public Uni<List<Audit>> pendingOfDeals(Collection<UUID> deals) {
        return deals.isEmpty() ? Uni.createFrom().item(List.of())
                : list("dealId in ?1 and outcome = ?2", deals, Audit.Outcome.PENDING);
    }

    public Uni<List<Audit>> overdue(OffsetDateTime now) {
        return list("outcome = ?1 and deadlineAt < ?2", Audit.Outcome.PENDING, now);
    }

    @Override
    public Uni<LastAudit> lastDecided(UUID deal) {
        return find("dealId = ?1 and outcome <> ?2 order by issuedAt desc", deal, Audit.Outcome.PENDING).firstResult()
                .map(a -> a == null ? null : new LastAudit(a.answeredAt, a.outcome.name()));
    }
}
