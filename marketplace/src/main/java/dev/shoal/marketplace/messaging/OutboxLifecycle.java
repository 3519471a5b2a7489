package dev.shoal.marketplace.messaging;

import dev.shoal.service.scheduling.FailureLog;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Drains the outbox to Kafka every {@code shoal.outbox.interval}, on a worker thread, never overlapping itself. */
@Singleton
public class OutboxLifecycle {

    private static final Logger LOG = Logger.getLogger(OutboxLifecycle.class);

    private final OutboxRelay relay;
    private final FailureLog failures = new FailureLog(LOG, "publishing the outbox to Kafka");

    public OutboxLifecycle(OutboxRelay relay) {
        this.relay = relay;
    }

    @Scheduled(every = "${shoal.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publish() {
        failures.run(() -> {
            while (relay.publishPending() > 0) {
                // until the outbox is empty
            }
        });
    }
}
