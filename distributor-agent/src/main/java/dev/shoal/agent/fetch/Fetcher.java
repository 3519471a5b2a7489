package dev.shoal.agent.fetch;

import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.store.StoreFullException;
import dev.shoal.contracts.hash.Sha256;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads segments from several sources at once into the store.
 *
 * <ul>
 *   <li>At most {@link #MAX_CONCURRENT} requests are in flight for one fetch, over all sources together, and
 *       never more: there are exactly that many workers and each makes one request at a time.</li>
 *   <li>A segment larger than the part size is split into byte ranges fetched from different sources; at the end
 *       of a fetch the last parts are cut into smaller ranges, so that no source idles while another finishes a
 *       whole part.</li>
 *   <li>Each request goes to the source expected to finish it first: {@code (in flight + 1) / throughput},
 *       the throughput being the source's bytes over the time it was busy, from its second request on (untried
 *       sources look fast, so each gets tried).</li>
 *   <li>A failed request is retried elsewhere; a source failing three times in a row is dropped. A source that
 *       breaks the protocol (more bytes than announced) or whose bytes do not hash to the segment is dropped at
 *       once. When a segment assembled from several sources fails its hash, it is fetched whole from one source
 *       and, once that verifies, the parts are compared to find the liar.</li>
 *   <li>Every segment is verified by hash before the store keeps it (the store checks again).</li>
 * </ul>
 */
public final class Fetcher {

    private static final Logger LOG = Logger.getLogger(Fetcher.class);
    public static final int MAX_CONCURRENT = 8;
    private static final int MAX_CONSECUTIVE_FAILURES = 3;
    private static final int STORING = 16;
    /** The smallest range the tail of a fetch is cut into. */
    static final int TAIL_PIECE = 64 * 1024;

    /** @param concurrency requests in flight at most (1..8); @param partSize bytes per range request */
    public record Options(int concurrency, int partSize) {
        public Options {
            if (concurrency < 1 || concurrency > MAX_CONCURRENT) {
                throw new IllegalArgumentException("a fetch uses 1 to " + MAX_CONCURRENT + " concurrent requests, not " + concurrency);
            }
            if (partSize < 16 * 1024) {
                throw new IllegalArgumentException("parts are at least 16 KiB");
            }
        }

        public static Options defaults() {
            return new Options(MAX_CONCURRENT, 512 * 1024);
        }
    }

    /** Told as the fetch goes; called from worker threads. */
    public interface Listener {
        void segmentDone(SegmentRef segment, boolean stored);

        default void sourceDropped(String source, String why) {
        }

        default void bytesReceived(long bytes) {
        }
    }

    public record SourceReport(String name, long bytes, int requests, int failures, double bytesPerSecond, String droppedBecause) {
    }

    public record Result(int stored, int alreadyHeld, List<String> failures, long bytes, long millis,
                         List<SourceReport> sources, int maxInFlight) {
        public boolean complete() {
            return failures.isEmpty();
        }
    }

    private final DiskStore store;
    private final Options options;

    public Fetcher(DiskStore store, Options options) {
        this.store = store;
        this.options = options;
    }

    /** Fetches every segment of {@code wanted} the store lacks; returns when each is stored or has failed. */
    public Result fetch(List<SegmentRef> wanted, List<Source> sources, Listener listener, AtomicBoolean cancelled) {
        return new Run(wanted, sources, listener, cancelled).execute();
    }

    private static final class SourceState {
        final Source source;
        int inFlight;
        double throughput = -1; // bytes per ms for the whole source: bytes delivered / time it was busy
        long busySince;
        long busyNanos;
        long warmupBytes = -1; // what its first request delivered, and the busy time until then: not counted
        long warmupNanos;
        int consecutiveFailures;
        String dropped;
        long bytes;
        int requests;
        int failures;

        SourceState(Source source) {
            this.source = source;
        }
    }

    private static final class SegmentJob {
        final SegmentRef ref;
        byte[] buffer;
        int partsLeft;
        int resets;
        final List<Part> delivered = new ArrayList<>();
        List<Part> previousParts; // set while arbitrating a hash failure
        byte[] previousBuffer;
        boolean finished;

        SegmentJob(SegmentRef ref) {
            this.ref = ref;
        }
    }

    private static final class Part {
        final SegmentJob segment;
        final long offset;
        final int length;
        final Set<SourceState> failedAt = new HashSet<>();
        SourceState deliveredBy;
        int attempts;

        Part(SegmentJob segment, long offset, int length) {
            this.segment = segment;
            this.offset = offset;
            this.length = length;
        }
    }

    private final class Run {
        final List<SourceState> sources = new ArrayList<>();
        final Deque<Part> pending = new ArrayDeque<>();
        final Listener listener;
        final AtomicBoolean cancelled;
        final List<String> failures = new ArrayList<>();
        final List<SegmentJob> jobs = new ArrayList<>();
        int remaining;
        int stored;
        int alreadyHeld;
        long bytes;
        int inFlight;
        int maxInFlight;
        int workers;
        final java.util.concurrent.Semaphore storing = new java.util.concurrent.Semaphore(STORING);
        final java.util.Queue<Thread> storers = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Run(List<SegmentRef> wanted, List<Source> given, Listener listener, AtomicBoolean cancelled) {
            this.listener = listener;
            this.cancelled = cancelled;
            for (Source s : given) {
                sources.add(new SourceState(s));
            }
            Set<Sha256> seen = new HashSet<>();
            for (SegmentRef ref : wanted) {
                if (!seen.add(ref.sha256())) {
                    continue;
                }
                if (store.contains(ref.sha256())) {
                    alreadyHeld++;
                    listener.segmentDone(ref, false);
                    continue;
                }
                SegmentJob job = new SegmentJob(ref);
                jobs.add(job);
                remaining++;
            }
        }

        Result execute() {
            long begin = System.nanoTime();
            if (sources.isEmpty() && remaining > 0) {
                failures.add("no sources given");
                remaining = 0;
            }
            synchronized (this) {
                for (SegmentJob job : jobs) {
                    split(job, false);
                }
            }
            workers = Math.min(options.concurrency(), MAX_CONCURRENT);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < workers && remaining > 0; i++) {
                threads.add(Thread.ofVirtual().name("fetch-" + i).start(this::work));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled.set(true);
                }
            }
            for (Thread t : storers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled.set(true);
                }
            }
            List<SourceReport> reports = new ArrayList<>();
            for (SourceState s : sources) {
                reports.add(new SourceReport(s.source.name(), s.bytes, s.requests, s.failures,
                        Math.max(0, s.throughput) * 1000, s.dropped));
            }
            return new Result(stored, alreadyHeld, List.copyOf(failures), bytes, (System.nanoTime() - begin) / 1_000_000,
                    reports, maxInFlight);
        }

        /** Queues a segment as ranges over the sources (or whole, when small or when arbitrating). */
        private void split(SegmentJob job, boolean whole) {
            long size = job.ref.size();
            job.buffer = null;
            List<Part> parts = new ArrayList<>();
            if (whole || size <= options.partSize()) {
                parts.add(new Part(job, 0, (int) size));
            } else {
                for (long off = 0; off < size; off += options.partSize()) {
                    parts.add(new Part(job, off, (int) Math.min(options.partSize(), size - off)));
                }
            }
            job.partsLeft = parts.size();
            pending.addAll(parts);
        }

        private void work() {
            while (true) {
                Part part;
                SourceState source;
                synchronized (this) {
                    while (true) {
                        if (remaining == 0 || cancelled.get()) {
                            if (cancelled.get() && remaining > 0) {
                                failures.add("cancelled");
                                remaining = 0;
                                notifyAll();
                            }
                            return;
                        }
                        part = pending.pollFirst();
                        if (part != null) {
                            part = cutForTail(part);
                            source = choose(part);
                            if (source != null) {
                                break;
                            }
                            fail(part.segment, "no source left that has not failed it");
                            continue;
                        }
                        try {
                            wait(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (source.inFlight++ == 0) {
                        source.busySince = System.nanoTime();
                    }
                    source.requests++;
                    inFlight++;
                    if (inFlight > MAX_CONCURRENT) {
                        throw new IllegalStateException("more than " + MAX_CONCURRENT + " requests in flight");
                    }
                    maxInFlight = Math.max(maxInFlight, inFlight);
                    part.attempts++;
                }
                byte[] data = null;
                IOException error = null;
                try {
                    data = source.source.read(part.segment.ref, part.offset, part.length);
                    if (data.length != part.length) {
                        throw new SourceLiedException(source.source.name() + " returned " + data.length + " bytes for a "
                                + part.length + "-byte part");
                    }
                } catch (IOException e) {
                    error = e;
                } catch (RuntimeException e) {
                    error = new IOException(e.toString(), e);
                }
                SegmentJob toVerify = null;
                synchronized (this) {
                    if (--source.inFlight == 0) {
                        source.busyNanos += System.nanoTime() - source.busySince;
                    }
                    inFlight--;
                    if (part.segment.finished) {
                        notifyAll();
                        continue; // its segment failed meanwhile
                    }
                    if (error == null) {
                        delivered(part, source, data);
                        if (part.segment.partsLeft == 0) {
                            toVerify = part.segment;
                        }
                    } else {
                        failed(part, source, error);
                    }
                    notifyAll();
                }
                if (toVerify != null) {
                    // hashing and the fsync of the store run beside the workers, so a slow disk never leaves a
                    // request slot idle; at most STORING segments wait, which bounds the memory they hold
                    SegmentJob job = toVerify;
                    storing.acquireUninterruptibly();
                    storers.add(Thread.ofVirtual().name("fetch-store").start(() -> {
                        try {
                            verifyAndStore(job);
                        } finally {
                            storing.release();
                        }
                    }));
                }
            }
        }

        /**
         * Once the queue holds fewer parts than there are workers, the fetch ends as soon as its slowest last
         * request does, while the other sources idle: cut the parts taken from then on into smaller ranges, so
         * the last bytes are spread over every source. (Not while arbitrating: that part must come from one.)
         */
        private Part cutForTail(Part part) {
            int room = workers - pending.size();
            if (room < 2 || part.length < 2 * TAIL_PIECE || part.segment.previousParts != null) {
                return part;
            }
            int pieces = Math.min(room, part.length / TAIL_PIECE);
            int size = (part.length + pieces - 1) / pieces;
            List<Part> cut = new ArrayList<>();
            for (int off = 0; off < part.length; off += size) {
                Part p = new Part(part.segment, part.offset + off, Math.min(size, part.length - off));
                p.failedAt.addAll(part.failedAt);
                p.attempts = part.attempts;
                cut.add(p);
            }
            part.segment.partsLeft += cut.size() - 1;
            for (int i = cut.size() - 1; i > 0; i--) {
                pending.addFirst(cut.get(i));
            }
            return cut.get(0);
        }

        private SourceState choose(Part part) {
            double bestKnown = 0;
            for (SourceState s : sources) {
                bestKnown = Math.max(bestKnown, s.throughput);
            }
            double untried = bestKnown > 0 ? bestKnown * 4 : 1e12;
            SourceState best = null;
            double bestCost = Double.MAX_VALUE;
            for (int pass = 0; pass < 2 && best == null; pass++) {
                for (SourceState s : sources) {
                    if (s.dropped != null || (pass == 0 && part.failedAt.contains(s))) {
                        continue;
                    }
                    double speed = s.throughput > 0 ? s.throughput : untried;
                    double cost = (s.inFlight + 1) / speed;
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = s;
                    }
                }
                if (pass == 0 && best == null && part.attempts >= MAX_CONSECUTIVE_FAILURES * sources.size()) {
                    return null; // every live source failed this part, repeatedly
                }
            }
            return best;
        }

        private void delivered(Part part, SourceState source, byte[] data) {
            source.consecutiveFailures = 0;
            source.bytes += data.length;
            bytes += data.length;
            // the whole source's bandwidth, however many requests shared it: robust where per-request samples
            // are not (a request that started alone may have shared the link for most of its time). The first
            // request does not count: it paid for the connection (and, early in a process, for class loading and
            // the JIT), and a source rated on it alone could be left idle for the rest of the fetch.
            long busy = source.busyNanos + (source.inFlight > 0 ? System.nanoTime() - source.busySince : 0);
            if (source.warmupBytes < 0) {
                source.warmupBytes = source.bytes;
                source.warmupNanos = busy;
            } else if (busy > source.warmupNanos) {
                source.throughput = (source.bytes - source.warmupBytes) / Math.max(1e-3, (busy - source.warmupNanos) / 1e6);
            }
            listener.bytesReceived(data.length);
            SegmentJob job = part.segment;
            if (job.buffer == null) {
                job.buffer = new byte[(int) job.ref.size()];
            }
            System.arraycopy(data, 0, job.buffer, (int) part.offset, data.length);
            part.deliveredBy = source;
            job.delivered.add(part);
            job.partsLeft--;
        }

        private void failed(Part part, SourceState source, IOException error) {
            source.failures++;
            source.consecutiveFailures++;
            part.failedAt.add(source);
            if (error instanceof SourceLiedException) {
                drop(source, error.getMessage());
            } else if (source.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                drop(source, "failed " + source.consecutiveFailures + " requests in a row, last: " + error.getMessage());
            } else {
                LOG.debugf("part of %s from %s failed: %s", part.segment.ref.sha256(), source.source.name(), error.getMessage());
            }
            pending.addFirst(part);
        }

        private void drop(SourceState source, String why) {
            if (source.dropped == null) {
                source.dropped = why;
                LOG.warnf("stopped using source %s: %s", source.source.name(), why);
                listener.sourceDropped(source.source.name(), why);
            }
        }

        private void verifyAndStore(SegmentJob job) {
            Sha256 actual = Sha256.of(job.buffer);
            synchronized (this) {
                if (!actual.equals(job.ref.sha256())) {
                    retryAfterMismatch(job);
                    notifyAll();
                    return;
                }
                if (job.previousParts != null) {
                    findLiars(job);
                }
            }
            boolean ok = false;
            try {
                store.put(job.ref.sha256(), job.buffer, job.ref.mediaType());
                ok = true;
            } catch (StoreFullException e) {
                synchronized (this) {
                    failures.add(e.getMessage());
                    cancelled.set(true);
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failures.add(job.ref.sha256().hex() + ": " + e.getMessage());
                }
            }
            synchronized (this) {
                job.finished = true;
                job.buffer = null;
                job.previousBuffer = null;
                if (ok) {
                    stored++;
                }
                remaining--;
                notifyAll();
            }
            listener.segmentDone(job.ref, ok);
        }

        /** The assembled bytes are not the segment: find who sent the wrong ones. */
        private void retryAfterMismatch(SegmentJob job) {
            Set<SourceState> contributors = new LinkedHashSet<>();
            for (Part p : job.delivered) {
                contributors.add(p.deliveredBy);
            }
            if (++job.resets > sources.size() + 2) {
                fail(job, "no source delivered bytes matching its hash");
                return;
            }
            if (contributors.size() == 1) {
                drop(contributors.iterator().next(), "sent bytes of segment " + job.ref.sha256().hex()
                        + " that do not hash to it");
                job.delivered.clear();
                split(job, false);
            } else {
                // fetch it whole from one source; when that verifies, the parts show who lied
                job.previousParts = new ArrayList<>(job.delivered);
                job.previousBuffer = job.buffer;
                job.delivered.clear();
                split(job, true); // the chooser picks the fastest live source for it
            }
        }

        private void findLiars(SegmentJob job) {
            for (Part p : job.previousParts) {
                byte[] verified = Arrays.copyOfRange(job.buffer, (int) p.offset, (int) p.offset + p.length);
                byte[] sent = Arrays.copyOfRange(job.previousBuffer, (int) p.offset, (int) p.offset + p.length);
                if (!Arrays.equals(verified, sent)) {
                    drop(p.deliveredBy, "sent a range of segment " + job.ref.sha256().hex() + " with wrong bytes");
                }
            }
            job.previousParts = null;
        }

        private void fail(SegmentJob job, String why) {
            pending.removeIf(p -> p.segment == job);
            job.finished = true;
            failures.add(job.ref.rendition() + " #" + job.ref.index() + " (" + job.ref.sha256().hex() + "): " + why);
            job.buffer = null;
            remaining--;
            notifyAll();
            listener.segmentDone(job.ref, false);
        }
    }
}
