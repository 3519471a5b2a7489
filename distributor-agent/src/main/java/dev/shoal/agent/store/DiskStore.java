package dev.shoal.agent.store;

import dev.shoal.contracts.hash.Sha256;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed segments on disk under a quota.
 *
 * <p>Layout under the data folder: {@code segments/ab/abcd…} (the file name is the SHA-256 of its bytes),
 * {@code tmp/} for writes in progress, {@code quarantine/} for files that failed the start-up check, and
 * {@code index.v1}, a snapshot of sizes, modification and access times.
 *
 * <p>A segment becomes visible only once it is fully written, hashed, fsynced and atomically renamed into
 * {@code segments/}: a crash leaves at worst a file in {@code tmp/}, removed at the next start. The index is
 * only a cache of what the files say: at start every file the index does not describe exactly (unknown, other
 * size, other mtime) is hashed again, and one whose bytes do not match its name is quarantined.
 *
 * <p>Eviction: least recently requested first, never a pinned segment; a store whose only candidates are
 * pinned refuses new data ({@link StoreFullException}) instead. Thread-safe.
 */
public final class DiskStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiskStore.class);
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");
    private static final String INDEX = "index.v1";
    private static final int MAX_QUARANTINED = 64;

    /** One stored segment. Mutable fields only under the store's lock. */
    public static final class Entry {
        final Sha256 sha256;
        final long size;
        final String mediaType;
        long modifiedMillis;
        long lastAccessMillis;

        Entry(Sha256 sha256, long size, String mediaType, long modifiedMillis, long lastAccessMillis) {
            this.sha256 = sha256;
            this.size = size;
            this.mediaType = mediaType;
            this.modifiedMillis = modifiedMillis;
            this.lastAccessMillis = lastAccessMillis;
        }

        public Sha256 sha256() {
            return sha256;
        }

        public long size() {
            return size;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /** A segment to serve: its file, size and type. */
    public record Located(Path file, long size, String mediaType) {
    }

    /** What a start-up check found. */
    public record StartupReport(int segments, int verified, int quarantined, int removedPartial, int forgotten) {
    }

    /** What a quota change or sweep removed, and whether pins alone keep the store above its quota. */
    public record EvictionReport(int evicted, long freedBytes, long usedBytes, long quotaBytes, boolean overQuotaByPins) {
    }

    public record Stats(int segments, long usedBytes, long quotaBytes, long pinnedBytes, int quarantined) {
    }

    private final Path root;
    private final Path segments;
    private final Path tmp;
    private final Path quarantine;
    private final Clock clock;
    private final LinkedHashMap<Sha256, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private volatile Predicate<Sha256> pinned = s -> false;
    private volatile Duration idleExpiry;
    private long quota;
    private long used;
    private boolean dirty;
    private StartupReport startup;

    private DiskStore(Path root, long quota, Duration idleExpiry, Clock clock) {
        this.root = root;
        this.segments = root.resolve("segments");
        this.tmp = root.resolve("tmp");
        this.quarantine = root.resolve("quarantine");
        this.quota = quota;
        this.idleExpiry = idleExpiry;
        this.clock = clock;
    }

    /** Opens (creating if needed) the store at {@code root} and checks its files against its index. */
    public static DiskStore open(Path root, long quotaBytes, Duration idleExpiry, Clock clock, boolean verifyAll) {
        DiskStore store = new DiskStore(root, quotaBytes, idleExpiry, clock);
        try {
            Files.createDirectories(store.segments);
            Files.createDirectories(store.tmp);
            Files.createDirectories(store.quarantine);
            store.startup = store.check(verifyAll);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store at " + root + ": " + e.getMessage(), e);
        }
        return store;
    }

    public StartupReport startupReport() {
        return startup;
    }

    /** Which segments eviction must never touch (the content catalogue's pins). */
    public void pinnedBy(Predicate<Sha256> pins) {
        this.pinned = pins;
    }

    /** More segments eviction must never touch (a live origin's rooms), beside those already pinned. */
    public synchronized void pinnedAlsoBy(Predicate<Sha256> pins) {
        this.pinned = this.pinned.or(pins);
    }

    public void idleExpiry(Duration idle) {
        this.idleExpiry = idle;
    }

    // ---- reading -------------------------------------------------------------------------------------

    public synchronized boolean contains(Sha256 sha256) {
        return entries.containsKey(sha256);
    }

    /** The segment's file for serving; counts as a request for LRU and idle expiry. */
    public Optional<Located> locate(Sha256 sha256) {
        Entry e;
        synchronized (this) {
            e = entries.get(sha256);
            if (e == null) {
                return Optional.empty();
            }
            e.lastAccessMillis = clock.millis();
            dirty = true;
        }
        return Optional.of(new Located(fileOf(sha256), e.size, e.mediaType));
    }

    /** The whole segment, or null when absent (for audits: {@code new Prover(manifest, store::read)}). */
    public byte[] read(Sha256 sha256) {
        Optional<Located> at = locate(sha256);
        if (at.isEmpty()) {
            return null;
        }
        try {
            return Files.readAllBytes(at.get().file());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized Stats stats() {
        long pinnedBytes = 0;
        Predicate<Sha256> pins = pinned;
        for (Entry e : entries.values()) {
            if (pins.test(e.sha256)) {
                pinnedBytes += e.size;
            }
        }
        return new Stats(entries.size(), used, quota, pinnedBytes, countQuarantined());
    }

    public synchronized long quotaBytes() {
        return quota;
    }

    /** Segment ids from least to most recently requested (what eviction would take first). */
    public synchronized List<Sha256> lruOrder() {
        return new ArrayList<>(entries.keySet());
    }

    // ---- writing -------------------------------------------------------------------------------------

    /** {@link #put(Sha256, InputStream, long, String)} for bytes already in memory. */
    public boolean put(Sha256 expected, byte[] bytes, String mediaType) {
        try {
            return put(expected, new java.io.ByteArrayInputStream(bytes), bytes.length, mediaType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores a segment read from {@code in}: at most {@code maxBytes} are read (one more fails the whole write),
     * the bytes must hash to {@code expected}, room is made by evicting unpinned segments. Returns false when the
     * segment was already there. On any failure nothing is left on disk.
     *
     * @throws SegmentTooLargeException     more than {@code maxBytes} arrived
     * @throws SegmentHashMismatchException the bytes are not the segment
     * @throws StoreFullException           only pinned segments could make room
     */
    public boolean put(Sha256 expected, InputStream in, long maxBytes, String mediaType) throws IOException {
        if (contains(expected)) {
            return false;
        }
        Path part = tmp.resolve(expected.hex() + "." + UUID.randomUUID() + ".part");
        boolean kept = false;
        try {
            long size = writeVerified(part, expected, in, maxBytes);
            Path target = fileOf(expected);
            synchronized (this) {
                if (entries.containsKey(expected)) {
                    return false;
                }
                makeRoom(size);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the data folder's file system cannot rename atomically", e);
                }
                kept = true;
                fsyncDirectory(target.getParent());
                long now = clock.millis();
                entries.put(expected, new Entry(expected, size, mediaType, Files.getLastModifiedTime(target).toMillis(), now));
                used += size;
                dirty = true;
            }
            return true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static long writeVerified(Path part, Sha256 expected, InputStream in, long maxBytes) throws IOException {
        MessageDigest md = Sha256.newDigest();
        long size = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw new SegmentTooLargeException(maxBytes);
                }
                md.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            Sha256 actual = Sha256.finish(md);
            if (!actual.equals(expected)) {
                throw new SegmentHashMismatchException(expected.hex(), actual.hex());
            }
            out.force(true);
        }
        return size;
    }

    /** Removes a segment (an operator's or the catalogue's decision); pins are the caller's business. */
    public synchronized boolean remove(Sha256 sha256) {
        Entry e = entries.remove(sha256);
        if (e == null) {
            return false;
        }
        deleteFile(e);
        return true;
    }

    // ---- quota and eviction ----------------------------------------------------------------------------

    /** Changes the quota now, evicting least recently requested unpinned segments down to it. */
    public synchronized EvictionReport quota(long quotaBytes) {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("a quota is zero or more bytes");
        }
        this.quota = quotaBytes;
        return evictAbove(quotaBytes);
    }

    /** Removes unpinned segments nobody requested for longer than the idle expiry. */
    public synchronized EvictionReport sweepIdle() {
        long cutoff = clock.millis() - idleExpiry.toMillis();
        int evicted = 0;
        long freed = 0;
        Predicate<Sha256> pins = pinned;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.lastAccessMillis >= cutoff) {
                break; // access order: the rest is younger
            }
            if (!pins.test(e.sha256)) {
                it.remove();
                deleteFile(e);
                evicted++;
                freed += e.size;
            }
        }
        return new EvictionReport(evicted, freed, used, quota, false);
    }

    private void makeRoom(long incoming) {
        if (used + incoming <= quota) {
            return;
        }
        long pinnedBytes = stats().pinnedBytes();
        if (pinnedBytes + incoming > quota) {
            // checked before evicting anything: a refusal must not cost the unpinned segments too
            throw new StoreFullException(used + incoming - quota, quota, pinnedBytes);
        }
        evictAbove(quota - incoming);
    }

    private EvictionReport evictAbove(long limit) {
        int evicted = 0;
        long freed = 0;
        Predicate<Sha256> pins = pinned;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && used > limit; ) {
            Entry e = it.next();
            if (!pins.test(e.sha256)) {
                it.remove();
                deleteFile(e);
                evicted++;
                freed += e.size;
            }
        }
        if (evicted > 0) {
            LOG.debugf("evicted %d segments (%d bytes) to stay within %d bytes", evicted, freed, limit);
        }
        return new EvictionReport(evicted, freed, used, quota, used > limit);
    }

    private void deleteFile(Entry e) {
        used -= e.size;
        dirty = true;
        try {
            Files.deleteIfExists(fileOf(e.sha256));
        } catch (IOException ex) {
            LOG.warnf("cannot delete %s: %s", fileOf(e.sha256), ex.getMessage());
        }
    }

    // ---- index and start-up check ------------------------------------------------------------------------

    /** Writes the index snapshot if anything changed (atomically: temp file, fsync, rename). */
    public void flush() {
        StringBuilder b;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            b = new StringBuilder(entries.size() * 110);
            for (Entry e : entries.values()) {
                b.append(e.sha256.hex()).append(' ').append(e.size).append(' ').append(e.modifiedMillis).append(' ')
                        .append(e.lastAccessMillis).append(' ').append(e.mediaType).append('\n');
            }
            dirty = false;
        }
        Path part = root.resolve(INDEX + ".part");
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            out.force(true);
            Files.move(part, root.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.warnf("cannot write the store index: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        flush();
    }

    private StartupReport check(boolean verifyAll) throws IOException {
        int removedPartial = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp)) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
                removedPartial++;
            }
        }
        Map<Sha256, Entry> indexed = readIndex();
        List<Entry> found = new ArrayList<>();
        int verified = 0;
        int quarantined = 0;
        try (Stream<Path> files = Files.walk(segments, 2)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = f.getFileName().toString();
                if (!NAME.matcher(name).matches() || !f.getParent().getFileName().toString().equals(name.substring(0, 2))) {
                    quarantine(f, "not a segment file name");
                    quarantined++;
                    continue;
                }
                Sha256 sha = Sha256.fromHex(name);
                long size = Files.size(f);
                long mtime = Files.getLastModifiedTime(f).toMillis();
                Entry known = indexed.get(sha);
                boolean trusted = !verifyAll && known != null && known.size == size && known.modifiedMillis == mtime;
                if (!trusted) {
                    verified++;
                    if (size == 0 || !hashOf(f).equals(sha)) {
                        quarantine(f, "its bytes do not hash to its name");
                        quarantined++;
                        continue;
                    }
                }
                long access = known != null ? known.lastAccessMillis : mtime;
                found.add(new Entry(sha, size, known != null ? known.mediaType : "application/octet-stream", mtime, access));
            }
        }
        found.sort(Comparator.comparingLong(e -> e.lastAccessMillis));
        int forgotten = 0;
        for (Entry e : found) {
            entries.put(e.sha256, e);
            used += e.size;
        }
        for (Sha256 s : indexed.keySet()) {
            if (!entries.containsKey(s)) {
                forgotten++;
            }
        }
        dirty = true;
        StartupReport report = new StartupReport(entries.size(), verified, quarantined, removedPartial, forgotten);
        LOG.infof("store at %s: %d segments, %d bytes of %d; re-hashed %d, quarantined %d, removed %d partial writes,"
                + " %d indexed segments gone", root, entries.size(), used, quota, verified, quarantined, removedPartial, forgotten);
        return report;
    }

    private Map<Sha256, Entry> readIndex() {
        Map<Sha256, Entry> out = new LinkedHashMap<>();
        Path file = root.resolve(INDEX);
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.US_ASCII)) {
                String[] f = line.split(" ");
                if (f.length == 5 && NAME.matcher(f[0]).matches()) {
                    Sha256 sha = Sha256.fromHex(f[0]);
                    out.put(sha, new Entry(sha, Long.parseLong(f[1]), f[4], Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the store index is unreadable (%s): re-hashing every segment", e.getMessage());
            out.clear();
        }
        return out;
    }

    private void quarantine(Path f, String why) throws IOException {
        Path to = quarantine.resolve(f.getFileName() + "." + clock.millis());
        Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
        LOG.warnf("quarantined %s: %s", f, why);
        try (Stream<Path> q = Files.list(quarantine)) {
            List<Path> all = q.sorted(Comparator.comparing(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return 0L;
                }
            })).toList();
            for (int i = 0; i < all.size() - MAX_QUARANTINED; i++) {
                Files.deleteIfExists(all.get(i));
            }
        }
    }

    private int countQuarantined() {
        try (Stream<Path> q = Files.list(quarantine)) {
            return (int) q.count();
        } catch (IOException e) {
            return 0;
        }
    }

    static Sha256 hashOf(Path f) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Sha256.finish(md);
    }

    private Path fileOf(Sha256 sha256) {
        String hex = sha256.hex();
        return segments.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories; the rename itself is still atomic
        }
    }
}
