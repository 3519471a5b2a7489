package dev.shoal.marketplace.jobs;

import dev.shoal.service.scheduling.JobLease;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The marketplace's one {@link JobLease}, "marketplace-jobs": of all instances on the database, only its holder places
 * orders, audits epochs, settles and pays out, funds, reads chain events, relays the outbox and sends from the auditor
 * key on a schedule (docs/operations.md, "Several instances"). Released when the instance stops, so another takes over
 * at once; a killed instance's lease goes with its database session.
 */
@Singleton
public class JobsLeaseProducer {

    public static final String LEASE = "marketplace-jobs";

    @Produces
    @Singleton
    JobLease jobsLease(Pool pool) {
        return new JobLease(pool, LEASE);
    }

    void release(@Disposes JobLease lease) {
        lease.close();
    }
}
