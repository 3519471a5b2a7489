package dev.shoal.agent;

import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.identity.AgentIdentity;
import dev.shoal.agent.operator.OperatorToken;
import dev.shoal.agent.store.ByteSize;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.service.scheduling.FailureLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The agent's long-lived parts, opened at start from the data folder: the store (checked against its index),
 * the content catalogue and its pins, the agent key and the operator token. Flushes the store index every
 * 15 s, sweeps idle segments and ended deal pins every 10 min, and flushes everything on shutdown.
 */
@Singleton
public class AgentRuntime {

    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();
    private DiskStore store;
    private ContentCatalog catalog;
    private SigningKey key;
    private OperatorToken token;
    private final FailureLog flushes = new FailureLog(LOG, "flushing the store index and pins");
    private final FailureLog sweeps = new FailureLog(LOG, "sweeping idle segments and ended pins");

    public AgentRuntime(AgentConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        open();
    }

    synchronized void open() {
        if (store != null) {
            return;
        }
        Path data = config.agent().dataDir();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + data + ": " + e.getMessage(), e);
        }
        long quota = savedQuota(data).orElseGet(() -> ByteSize.parse(config.agent().quota()));
        catalog = new ContentCatalog(data, clock);
        store = DiskStore.open(data, quota, config.agent().idleExpiry(), clock, config.agent().verifyOnStart());
        store.pinnedBy(catalog::isSegmentPinned);
        key = AgentIdentity.loadOrCreate(keyFile(config));
        token = OperatorToken.loadOrCreate(data.resolve("operator.token"));
        LOG.infof("agent %s: store at %s, quota %s", key.address(), data, ByteSize.format(quota));
    }

    /** The agent's key file: shoal.agent.key-file, or agent.key in the data folder. */
    static Path keyFile(AgentConfig config) {
        return config.agent().keyFile().orElse(config.agent().dataDir().resolve("agent.key"));
    }

    void stop(@Observes ShutdownEvent event) {
        flush();
    }

    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        flushes.run(() -> {
            store().flush();
            catalog().flush();
        });
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        sweeps.run(() -> {
            catalog().dropExpiredPins();
            DiskStore.EvictionReport r = store().sweepIdle();
            if (r.evicted() > 0) {
                LOG.infof("removed %d idle segments (%d bytes)", r.evicted(), r.freedBytes());
            }
        });
    }

    /** Changes the quota now and keeps it for the next start. */
    public DiskStore.EvictionReport quota(long bytes) {
        DiskStore.EvictionReport r = store().quota(bytes);
        saveQuota(config.agent().dataDir(), bytes);
        return r;
    }

    public static java.util.Optional<Long> savedQuota(Path data) {
        Path f = data.resolve("quota");
        try {
            return Files.exists(f) ? java.util.Optional.of(Long.parseLong(Files.readString(f).strip())) : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("ignoring unreadable %s: %s", f, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    public static void saveQuota(Path data, long bytes) {
        try {
            Files.createDirectories(data);
            Path part = data.resolve("quota.part");
            Files.writeString(part, bytes + "\n");
            Files.move(part, data.resolve("quota"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the quota in " + data + ": " + e.getMessage(), e);
        }
    }

    public DiskStore store() {
        open();
        return store;
    }

    public ContentCatalog catalog() {
        open();
        return catalog;
    }

    public SigningKey key() {
        open();
        return key;
    }

    public OperatorToken token() {
        open();
        return token;
    }

    public Clock clock() {
        return clock;
    }

    public AgentConfig config() {
        return config;
    }
}
