package dev.shoal.marketplace.messaging;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.WorkerTimer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Drains the outbox to Kafka on a timer of its own ({@code shoal.outbox.interval}), on a worker thread. */
@Singleton
public class OutboxLifecycle {

    private static final Logger LOG = Logger.getLogger(OutboxLifecycle.class);

    private final WorkerTimer timer;

    public OutboxLifecycle(OutboxRelay relay, Vertx vertx, MarketplaceConfig config) {
        this.timer = new WorkerTimer(vertx, "publishing the outbox to Kafka", config.outbox().interval(), LOG, () -> {
            while (relay.publishPending() > 0) {
                // until the outbox is empty
            }
        });
    }

    void start(@Observes StartupEvent event) {
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }
}
