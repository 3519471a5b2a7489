package dev.shoal.marketplace.order;

import io.smallrye.mutiny.Uni;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What an order's view shows of its replicas' audits. The audit package answers: audits read orders, so orders
 * know them only through this interface.
 */
public interface ReplicaAudits {

    /** When a replica's last decided audit was answered, and how it ended. */
    record LastAudit(OffsetDateTime answeredAt, String outcome) {
    }

    /** The deal's last decided audit, or null when none is decided yet; in the caller's session. */
    Uni<LastAudit> lastDecided(UUID dealId);
}
