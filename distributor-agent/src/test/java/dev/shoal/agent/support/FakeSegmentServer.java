package dev.shoal.agent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.hash.Sha256;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for another agent: serves {@code GET /segments/{sha256}} with single byte ranges, counting requests
 * in flight (its own and, through a shared counter, those of every fake source of a test). It can be made to
 * lie (flip a byte), send more than it announces, or share a fixed bandwidth among its requests.
 */
public final class FakeSegmentServer implements AutoCloseable {

    public enum Behaviour { HONEST, FLIPS_A_BYTE, SENDS_TOO_MUCH, ANNOUNCES_WRONG_LENGTH }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    static {
        // like a real agent (Vert.x sets TCP_NODELAY) and nginx: without it, the last byte, written on its own
        // below, waits for the client's delayed ACK (Nagle), which idles a rate-limited source between requests.
        // The JDK's server reads this once, when its first instance in the process starts. (The fetch benchmark
        // can set it false to show the difference.)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Sha256, byte[]> segments;
    private final AtomicInteger shared;
    private final AtomicInteger sharedMax;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();
    private int handling;
    private long busySince;
    private long busyNanos;
    private volatile Behaviour behaviour = Behaviour.HONEST;
    private volatile long delayMillis;
    private volatile long firstDelayMillis;
    private final TokenBucket bucket;

    /**
     * @param segments        what it holds
     * @param shared          in-flight counter shared by all fake sources of one test (may be null)
     * @param sharedMax       highest value {@code shared} reached
     * @param bytesPerSecond  bandwidth shared by all its requests, 0 for unlimited
     */
    public FakeSegmentServer(Map<Sha256, byte[]> segments, AtomicInteger shared, AtomicInteger sharedMax, long bytesPerSecond) throws IOException {
        this.segments = new ConcurrentHashMap<>(segments);
        this.shared = shared == null ? new AtomicInteger() : shared;
        this.sharedMax = sharedMax == null ? new AtomicInteger() : sharedMax;
        this.bucket = bytesPerSecond > 0 ? new TokenBucket(bytesPerSecond) : null;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/segments/", this::handle);
        server.start();
    }

    public FakeSegmentServer behave(Behaviour b) {
        this.behaviour = b;
        return this;
    }

    public FakeSegmentServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Delays only the first request it answers (a slow connection set-up, a cold start). */
    public FakeSegmentServer delayFirst(long millis) {
        this.firstDelayMillis = millis;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int requests() {
        return requests.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    /** Time during which at least one request was being answered (benchmarks: how busy this source's link was). */
    public synchronized long busyNanos() {
        return busyNanos + (handling > 0 ? System.nanoTime() - busySince : 0);
    }

    private synchronized void busy(boolean starting) {
        if (starting && handling++ == 0) {
            busySince = System.nanoTime();
        } else if (!starting && --handling == 0) {
            busyNanos += System.nanoTime() - busySince;
        }
    }

    private final ThreadLocal<Boolean> left = new ThreadLocal<>();

    private void handle(HttpExchange ex) throws IOException {
        left.set(Boolean.FALSE);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        sharedMax.accumulateAndGet(shared.incrementAndGet(), Math::max);
        int number = requests.incrementAndGet();
        busy(true);
        try (ex) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            if (number == 1 && firstDelayMillis > 0) {
                Thread.sleep(firstDelayMillis);
            }
            String id = ex.getRequestURI().getPath().substring("/segments/".length());
            byte[] all = id.matches("[0-9a-f]{64}") ? segments.get(Sha256.fromHex(id)) : null;
            if (all == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            int to = all.length - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (m.matches()) {
                    from = Integer.parseInt(m.group(1));
                    to = Math.min(all.length - 1, Integer.parseInt(m.group(2)));
                    status = 206;
                    ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + all.length);
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(all, from, to + 1);
            switch (behaviour) {
                case FLIPS_A_BYTE -> body[body.length / 2] ^= 0x5a;
                case SENDS_TOO_MUCH -> body = java.util.Arrays.copyOf(body, body.length + 4096);
                default -> {
                }
            }
            if (behaviour == Behaviour.SENDS_TOO_MUCH) {
                ex.sendResponseHeaders(status, 0); // chunked: the extra bytes arrive past the range asked for
            } else if (behaviour == Behaviour.ANNOUNCES_WRONG_LENGTH) {
                ex.sendResponseHeaders(status, body.length + 1000);
            } else {
                ex.sendResponseHeaders(status, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < body.length - 1; off += 16 * 1024) {
                    int n = Math.min(16 * 1024, body.length - 1 - off);
                    if (bucket != null) {
                        bucket.take(n);
                    }
                    out.write(body, off, n);
                    bytesSent.addAndGet(n);
                }
                out.flush();
                // no longer counted before the last byte goes out: the client may start its next request as soon
                // as it has it, so counting until after it would see one request too many
                leave();
                out.write(body, body.length - 1, 1);
                bytesSent.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up (a fetch that dropped us)
        } finally {
            leave();
            busy(false);
        }
    }

    private void leave() {
        if (left.get() == Boolean.TRUE) {
            return;
        }
        left.set(Boolean.TRUE);
        inFlight.decrementAndGet();
        shared.decrementAndGet();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One bandwidth shared by every request of a source. */
    static final class TokenBucket {
        private final long rate;
        private long nextFreeNanos = System.nanoTime();

        TokenBucket(long bytesPerSecond) {
            this.rate = bytesPerSecond;
        }

        void take(int bytes) throws InterruptedException {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFreeNanos);
                nextFreeNanos = start + bytes * 1_000_000_000L / rate;
                wait = nextFreeNanos - now;
            }
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
