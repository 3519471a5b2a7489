package dev.shoal.marketplace;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a blocking task on a worker thread every interval, never overlapping itself. A failure is logged
 * once, and again only after the task has succeeded in between, so an outage does not flood the log.
 */
public final class WorkerTimer {

    private final Vertx vertx;
    private final String what;
    private final Duration interval;
    private final Logger log;
    private final Runnable task;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long timer = -1;
    private volatile boolean failing;

    public WorkerTimer(Vertx vertx, String what, Duration interval, Logger log, Runnable task) {
        this.vertx = vertx;
        this.what = what;
        this.interval = interval;
        this.log = log;
        this.task = task;
    }

    public void start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> Infrastructure.getDefaultWorkerPool().execute(this::runNow));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One run on the calling thread, unless a run is already under way. */
    public void runNow() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            task.run();
            if (failing) {
                log.infof("%s: working again", what);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warnf("%s failed (retrying every %s): %s", what, interval, e.getMessage());
                failing = true;
            }
        } finally {
            busy.set(false);
        }
    }
}
