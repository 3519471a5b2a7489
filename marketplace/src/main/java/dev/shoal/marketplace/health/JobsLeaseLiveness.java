package dev.shoal.marketplace.health;

import dev.shoal.service.scheduling.JobLease;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Whether this instance holds the jobs' lease (so runs placement, audits, settlement, the chain reader and the relay):
 * always UP, the answer is in its data ({@code holder}, {@code terms}). {@code ./shoal status} shows it per instance.
 */
@Liveness
@Singleton
public class JobsLeaseLiveness implements HealthCheck {

    public static final String NAME = "jobs-lease";

    private final JobLease lease;

    public JobsLeaseLiveness(JobLease lease) {
        this.lease = lease;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up()
                .withData("lease", lease.name())
                .withData("holder", lease.holding())
                .withData("terms", lease.term())
                .build();
    }
}
