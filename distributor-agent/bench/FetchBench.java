import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.HttpSource;
import dev.shoal.agent.fetch.SegmentRef;
import dev.shoal.agent.fetch.Source;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.support.FakeSegmentServer;
import dev.shoal.contracts.hash.Sha256;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetch benchmark: a content of SEGMENTS segments from 1 source, then from 8, each source limited to the same
 * bandwidth (shared by all its requests), over real HTTP on loopback. Run by fetch.sh.
 * Args: segments segmentBytes bytesPerSecondPerSource
 */
public class FetchBench {

    public static void main(String[] args) throws Exception {
        int segments = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        long rate = Long.parseLong(args[2]);
        Map<Sha256, byte[]> content = new LinkedHashMap<>();
        List<SegmentRef> refs = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < segments; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            content.put(Sha256.of(b), b);
            refs.add(new SegmentRef(Sha256.of(b), size, "hi", i, "video/mp2t"));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf("content: %d segments x %d bytes = %.1f MB; every source limited to %.1f MB/s%n",
                segments, size, segments * (double) size / 1e6, rate / 1e6);
        double one = run(content, refs, http, 1, rate);
        double eight = run(content, refs, http, 8, rate);
        System.out.printf("RESULT 1 source: %.2f s, 8 sources: %.2f s, speed-up %.2fx%n", one, eight, one / eight);
    }

    static double run(Map<Sha256, byte[]> content, List<SegmentRef> refs, HttpClient http, int n, long rate) throws Exception {
        AtomicInteger shared = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<FakeSegmentServer> servers = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FakeSegmentServer s = new FakeSegmentServer(content, shared, max, rate);
            servers.add(s);
            sources.add(new HttpSource(s.url(), http, Duration.ofSeconds(120)));
        }
        Path dir = Files.createTempDirectory("fetch-bench");
        try {
            DiskStore store = DiskStore.open(dir, 1L << 34, Duration.ofDays(1), Clock.systemUTC(), false);
            long t0 = System.nanoTime();
            Fetcher.Result r = new Fetcher(store, Fetcher.Options.defaults()).fetch(refs, sources, (s, ok) -> {
            }, new AtomicBoolean());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (!r.complete() || r.stored() != refs.size()) {
                throw new IllegalStateException("fetch incomplete: " + r.failures());
            }
            if (System.getenv("BENCH_VERBOSE") != null) {
                for (int i = 0; i < n; i++) {
                    Fetcher.SourceReport s = r.sources().get(i);
                    FakeSegmentServer server = servers.get(i);
                    double busy = server.busyNanos() / 1e9;
                    System.out.printf("  %s: %d requests, %.1f MB; fetcher's estimate %.2f MB/s; source busy %.0f%% of the"
                                    + " time, %.2f MB/s while busy%n", s.name(), s.requests(), s.bytes() / 1e6,
                            s.bytesPerSecond() / 1e6, 100 * busy / secs, server.bytesSent() / 1e6 / busy);
                }
            }
            System.out.printf("%d source(s): %.2f s, %.1f MB/s, at most %d requests in flight (counted at the sources)%n",
                    n, secs, r.bytes() / 1e6 / secs, max.get());
            return secs;
        } finally {
            servers.forEach(FakeSegmentServer::close);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
