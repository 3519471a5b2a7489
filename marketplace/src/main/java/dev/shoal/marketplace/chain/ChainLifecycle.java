package dev.shoal.marketplace.chain;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.WorkerTimer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * At start: finds (or deploys, locally) the contracts, confirms the transactions a previous run left
 * pending and reads the chain's events into the outbox (the outbox relay publishes them on its own timer,
 * so a chain outage never holds up other events). Then repeats the reading on a timer, on a worker
 * thread, never overlapping itself.
 */
@Singleton
public class ChainLifecycle {

    private static final Logger LOG = Logger.getLogger(ChainLifecycle.class);

    private final ChainContracts contracts;
    private final ChainTransactions transactions;
    private final WorkerTimer timer;

    public ChainLifecycle(ChainContracts contracts, ChainTransactions transactions, ChainEventFeed feed,
                          Vertx vertx, MarketplaceConfig config) {
        this.contracts = contracts;
        this.transactions = transactions;
        this.timer = new WorkerTimer(vertx, "reading chain events", config.chain().eventPollInterval(), LOG, feed::poll);
    }

    void start(@Observes StartupEvent event) {
        try {
            contracts.addresses();
            int resumed = transactions.resumePending().await().atMost(Duration.ofMinutes(2));
            if (resumed > 0) {
                LOG.infof("confirmed %d chain transaction(s) left pending by the previous run", resumed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("chain not ready at start (retrying on the event timer): %s", e.getMessage());
        }
        tick();
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** One round: chain events to the outbox. */
    public void tick() {
        timer.runNow();
    }
}
