package dev.shoal.service.scheduling;

import org.jboss.logging.Logger;

/**
 * What a recurring job ({@code @Scheduled}) says about its failures: the first one, then nothing until a run
 * succeeds again, which it also says. An outage of a database, broker or chain node does not flood the log.
 */
public final class FailureLog {

    private final Logger log;
    private final String job;
    private volatile boolean failing;

    /** @param job what the job does, as a log line names it ("publishing the outbox to Kafka") */
    public FailureLog(Logger log, String job) {
        this.log = log;
        this.job = job;
    }

    /** Runs one round of the job, logging as above; a failure is logged, never thrown. */
    public void run(Runnable round) {
        try {
            round.run();
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    public void succeeded() {
        if (failing) {
            failing = false;
            log.infof("%s: working again", job);
        }
    }

    public void failed(Throwable e) {
        if (!failing) {
            failing = true;
            log.warnf("%s failed (retried on its schedule; logged again once it has worked): %s", job, e.getMessage());
        }
    }

    /** Whether the last round failed. */
    public boolean failing() {
        return failing;
    }
}
