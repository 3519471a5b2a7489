package dev.shoal.marketplace.messaging;

import dev.shoal.service.scheduling.FailureLog;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Drains the outbox to Kafka every {@code shoal.outbox.interval}, on a worker thread, never overlapping itself, on the
 * instance holding the jobs' {@link JobLease} only (one relay at a time keeps each aggregate's events in order).
 */
@Singleton
public class OutboxLifecycle {

    private static final Logger LOG = Logger.getLogger(OutboxLifecycle.class);

    private final OutboxRelay relay;
    private final JobLease lease;
    private final FailureLog failures = new FailureLog(LOG, "publishing the outbox to Kafka");

    public OutboxLifecycle(OutboxRelay relay, JobLease lease) {
        this.relay = relay;
        this.lease = lease;
        // a holder before us may have died between Kafka's acknowledgement and its mark: read the topic back first
        lease.onAcquired(relay::readBackBeforeNextBatch);
    }

    @Scheduled(every = "${shoal.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publish() {
        if (!lease.heldNow()) {
            return; // another instance holds the jobs' lease and relays
        }
        failures.run(() -> {
            while (relay.publishPending() > 0) {
                // until the outbox is empty
            }
        });
    }
}
