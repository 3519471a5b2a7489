package dev.shoal.marketplace.upload;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.service.scheduling.FailureLog;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Uploads' housekeeping, on the holder of the jobs' {@link JobLease} only (one instance of all): transcodings that
 * stopped reporting progress (their instance went away) start again here, and unfinished uploads untouched for
 * {@code shoal.uploads.abandon-after} are removed with their files.
 */
@ApplicationScoped
public class UploadSweep {

    private static final Logger LOG = Logger.getLogger(UploadSweep.class);

    /** What one sweep did. */
    public record Swept(int resumed, int removed) {
    }

    private final UploadService uploads;
    private final MarketplaceConfig.Uploads config;
    private final Clock clock;
    private final JobLease lease;
    private final FailureLog failures = new FailureLog(LOG, "sweeping uploads");

    public UploadSweep(UploadService uploads, MarketplaceConfig config, Clock clock, JobLease lease) {
        this.uploads = uploads;
        this.config = config.uploads();
        this.clock = clock;
        this.lease = lease;
    }

    @Scheduled(every = "${shoal.uploads.sweep-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        failures.run(this::runIfHolding);
    }

    /** One sweep now if this instance holds the jobs' lease; null when another does. */
    Swept runIfHolding() {
        if (!lease.heldNow()) {
            return null; // another instance holds the jobs' lease (docs/operations.md)
        }
        return runOnce(clock.instant());
    }

    /** One sweep as of {@code now} (blocking: call from a worker thread). */
    public Swept runOnce(Instant now) {
        int resumed = uploads.resumeStalledTranscodings(now.minus(config.stalledAfter()));
        int removed = uploads.removeAbandoned(now.minus(config.abandonAfter()));
        if (resumed + removed > 0) {
            LOG.infof("uploads: %d transcoding(s) started again, %d abandoned upload(s) removed", resumed, removed);
        }
        return new Swept(resumed, removed);
    }
}
