package dev.shoal.gateway.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How busy this machine was while a benchmark's browsers played: the share of all cores' time not idle (from
 * {@code /proc/stat}) and the highest 1-minute load average, sampled every second. Many browsers on two cores can
 * saturate the machine; then the P2P-off reference and the P2P-on run both measure the machine, not the player (a
 * page starved of CPU plays late, and a peer starved of CPU sends late), so the benchmark says so beside its figures.
 */
public final class MachineLoad implements AutoCloseable {

    /** Busy at least this share of all cores' time: the figures describe the machine more than what runs on it. */
    public static final double SATURATED = 0.90;

    private final long[] startTicks;
    private final AtomicReference<Double> peak = new AtomicReference<>(0.0);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("machine-load").factory());
    private volatile Reading reading;

    private MachineLoad() {
        this.startTicks = ticks();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(loadAverageNow(), Math::max), 0, 1, TimeUnit.SECONDS);
    }

    /** Starts measuring now. */
    public static MachineLoad start() {
        return new MachineLoad();
    }

    /** What was measured from {@link #start()} to the first call of this (later calls return the same reading). */
    public synchronized Reading stop() {
        if (reading == null) {
            sampler.shutdownNow();
            long[] end = ticks();
            long busy = (end[0] - startTicks[0]);
            long all = (end[1] - startTicks[1]);
            reading = new Reading(all <= 0 ? Double.NaN : (double) busy / all, Math.max(peak.get(), loadAverageNow()),
                    Runtime.getRuntime().availableProcessors());
        }
        return reading;
    }

    @Override
    public void close() {
        stop();
    }

    /** {busy, all} jiffies of all cores: busy is everything but idle and iowait. */
    private static long[] ticks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            long[] f = Arrays.stream(cpu.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong).toArray();
            long all = Arrays.stream(f).sum();
            return new long[] {all - f[3] - f[4], all};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0}; // not Linux: no reading (NaN)
        }
    }

    /** The machine's 1-minute load average now. */
    public static double loadAverageNow() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The share of all cores' time busy, the highest load average seen, and the cores. */
    public record Reading(double busy, double peakLoad, int cores) {

        public boolean saturated() {
            return busy >= SATURATED;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "busy %.0f%% of %d cores, load average up to %.1f", 100 * busy, cores, peakLoad);
        }
    }
}
