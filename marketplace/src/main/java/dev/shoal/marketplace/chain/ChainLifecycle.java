package dev.shoal.marketplace.chain;

import dev.shoal.service.scheduling.FailureLog;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * At start: finds (or deploys, locally) the contracts, confirms the transactions a previous run left
 * pending and reads the chain's events into the outbox (the outbox relay publishes them on its own
 * schedule, so a chain outage never holds up other events). Then reads again every
 * {@code shoal.chain.event-poll-interval}, on a worker thread, never overlapping itself.
 */
@Singleton
public class ChainLifecycle {

    private static final Logger LOG = Logger.getLogger(ChainLifecycle.class);

    private final ChainContracts contracts;
    private final ChainTransactions transactions;
    private final ChainEventFeed feed;
    private final FailureLog failures = new FailureLog(LOG, "reading chain events");
    private final JobLease lease;
    private long resumedInTerm;

    public ChainLifecycle(ChainContracts contracts, ChainTransactions transactions, ChainEventFeed feed, JobLease lease) {
        this.contracts = contracts;
        this.transactions = transactions;
        this.feed = feed;
        this.lease = lease;
        // the new holder is the auditor key's one signer: it counts the nonce again from the chain's pending count
        lease.onAcquired(transactions::forgetNonces);
    }

    void start(@Observes StartupEvent event) {
        try {
            contracts.addresses();
        } catch (RuntimeException e) {
            LOG.warnf("chain not ready at start (retrying on the event schedule): %s", e.getMessage());
        }
        scheduled();
    }

    /** On the jobs' lease holder only: at the start of each term, what the previous holder left pending; then events. */
    @Scheduled(every = "${shoal.chain.event-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (!lease.heldNow()) {
            return;
        }
        resumeOncePerTerm();
        tick();
    }

    private synchronized void resumeOncePerTerm() {
        long term = lease.term();
        if (term == resumedInTerm) {
            return;
        }
        try {
            contracts.addresses();
            int resumed = transactions.resumePending().await().atMost(Duration.ofMinutes(2));
            if (resumed > 0) {
                LOG.infof("confirmed %d chain transaction(s) left pending by an earlier holder of the jobs' lease", resumed);
            }
            resumedInTerm = term;
        } catch (RuntimeException e) {
            LOG.warnf("resuming pending chain transactions failed (retrying on the event schedule): %s", e.getMessage());
        }
    }

    /** One round: chain events to the outbox. A round already under way (the schedule's, a test's) is waited for. */
    public synchronized void tick() {
        failures.run(feed::poll);
    }
}
