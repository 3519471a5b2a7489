package dev.shoal.marketplace.messaging;

import dev.shoal.marketplace.MarketplaceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Drains the outbox to Kafka on a timer, on a worker thread, never overlapping itself. */
@Singleton
public class OutboxLifecycle {

    private static final Logger LOG = Logger.getLogger(OutboxLifecycle.class);

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long timer = -1;
    private volatile boolean warned;

    public OutboxLifecycle(OutboxRelay relay, Vertx vertx, MarketplaceConfig config) {
        this.relay = relay;
        this.vertx = vertx;
        this.interval = config.outbox().interval();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> Infrastructure.getDefaultWorkerPool().execute(this::drain));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Publishes until the outbox is empty or Kafka fails; the next tick tries again. */
    public void drain() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            int published;
            do {
                published = relay.publishPending();
            } while (published > 0);
            if (warned) {
                LOG.info("outbox relay publishing again");
            }
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warnf("outbox relay cannot publish yet (retrying every %s): %s", interval, e.getMessage());
                warned = true;
            }
        } finally {
            busy.set(false);
        }
    }
}
