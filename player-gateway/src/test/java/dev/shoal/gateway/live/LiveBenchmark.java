package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.deploy.testing.CpuGroup;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.browser.MachineLoad;
import dev.shoal.gateway.browser.Viewer;
import dev.shoal.gateway.browser.ViewerBrowser;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * Live on the real product ({@code shoal up --agents 1}): real ffmpeg pushes a two-rendition test pattern to the
 * agent (the room's origin), N headless Chromium viewers watch the room's page, once with P2P off (the reference:
 * every byte from the origin, as plain HLS) and once with P2P on, each in a room of its own. Reports glass-to-glass
 * delay (the played frame's wall-clock start at the encoder to the moment it plays) by where the segment came from,
 * startup, bytes from the origin and from peers, stale plays and rebuffering per viewer-minute. Then the fan-out:
 * announcements from one gateway to N server-sent-event clients, against one client.
 *
 * <p>So that 20 viewers fit on a small machine, by default the viewers of a run are pages of one Chromium, each in a
 * browser context of its own ({@link ViewerBrowser}: its own renderer, WebRTC peer, media decoding, HTTP cache and
 * connections) in a small window ({@code -Dlive.window=400x300}), and the pattern is smaller and slower at the same
 * bit rates ({@code -Dlive.picture=320x180@10}; a silent one such as {@code 160x90@2,silent} is padded to its bit rate,
 * so it carries the same bytes with less to decode, for a machine where 20 pages of the default do not fit).
 * {@code -Dlive.browser=own -Dlive.picture=640x360@25}
 * is the harness as it was: a Chromium and a chromedriver per viewer, the tests' pattern.
 *
 * <p>Startup probes ({@code -Dlive.probes=K}): once the P2P-on viewers have all joined, while they watch, K pairs of
 * pages open the same room, one with P2P off and one with P2P on (which goes first alternates), each closed at its first
 * frame. The second page of a pair opens one segment duration after the first, at the same point of the room's segment
 * cycle (the swarm's load follows each new segment: the seeder's fetch, then the peers' transfers), and the next pair
 * {@code -Dlive.probe-every} seconds (6) after that, so that the pairs sweep the cycle. The two halves of a pair start
 * on the same machine, into the same swarm, at the same phase, so their ratio is the player's alone; the modes' own
 * runs also differ in what the machine carries (a swarm's WebRTC traffic against HTTP), which on a small machine the
 * startup ratio between the two runs also measures. (Until 2026-12-07 every page opened {@code probe-every} seconds
 * after the one before: with 7 s and 8 s segments the P2P-off pages all opened at 4 points of the cycle and the P2P-on
 * ones at the 4 others.)
 *
 * <pre>
 * ./shoal bench live -Dlive.viewers=6 -Dlive.segment=8 -Dlive.watch=90 -Dlive.join-every=3 -Dlive.fanout=200
 * </pre>
 */
public final class LiveBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final SigningKey CREATOR = DemoKeys.creator();

    record Result(String mode, int viewers, long originBytes, long peerBytes, List<Long> startups, List<Long> delaysFromOrigin,
                  List<Long> delaysFromPeers, Map<Integer, List<Long>> delaysByDepth, int stalePlays, int stalls, long stalledMs, double viewerMinutes, int errors,
                  int rejected, int skips) {

        double peerShare() {
            long total = originBytes + peerBytes;
            return total == 0 ? 0 : (double) peerBytes / total;
        }
    }

    public static void main(String[] args) throws Exception {
        int viewers = Integer.getInteger("live.viewers", 6);
        int segment = Integer.getInteger("live.segment", 8);
        double watch = Double.parseDouble(System.getProperty("live.watch", "90"));
        double joinEvery = Double.parseDouble(System.getProperty("live.join-every", "3"));
        int fanout = Integer.getInteger("live.fanout", 200);
        String params = System.getProperty("live.params", "");
        boolean reference = !"false".equals(System.getProperty("live.reference"));
        boolean browsers = viewers > 0;
        if (browsers) {
            Viewer.requireBrowser();
        }
        Path state = Files.createTempDirectory("shoal-live-bench");
        ShoalStack stack = new ShoalStack(state);
        System.out.println("starting a stack with 1 agent in " + state);
        ShoalStack.Run up = stack.shoal("up", "--agents", "1", "--no-sample");
        if (up.exit() != 0) {
            throw new IllegalStateException(up.out());
        }
        try {
            String gateway = stack.url("player-gateway");
            String agent = stack.url("agent-1");
            String operatorToken = Files.readString(state.resolve("agent-1/store/operator.token")).strip();
            String creatorToken = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator");
            Harness harness = Harness.fromProperties();
            Env env = new Env(gateway, agent, operatorToken, creatorToken, harness);
            System.out.println("viewers: " + harness);
            if (browsers) {
                List<Result> results = new ArrayList<>();
                if (reference) {
                    results.add(watch(env, "reference: P2P off", viewers, segment, joinEvery, watch, "p2p=off" + (params.isEmpty() ? "" : "&" + params)));
                }
                results.add(watch(env, "Shoal: P2P on", viewers, segment, joinEvery, watch, params));
                print(results, viewers, segment, joinEvery, watch);
            }
            if (fanout > 0) {
                fanOut(env, 1, 100);
                fanOut(env, fanout, 100);
            }
        } finally {
            stack.shoal("down");
        }
    }

    record Env(String gateway, String agent, String operatorToken, String creatorToken, Harness harness) {
    }

    /**
     * What a viewer is and what it watches: a browser of its own or a page of a shared one; the pattern's picture; the
     * browsers' share of the CPU. The pages stand for viewers on machines of their own, so by default the browsers run
     * in a cpu group of a tenth of the others' weight ({@link CpuGroup}) and yield a core to what a real room runs
     * elsewhere: the creator's encoder and origin agent, the gateway, Kafka. At the same weight, with 20 P2P-on pages a
     * new segment's announcement took up to 6.1 s to reach them (P2P off at most 3 s) and an HTTP copy up to 2.5 s,
     * which no viewer's network would cause; in the group, 2.6 to 2.9 s in both modes (docs/benchmarks.md, "The
     * browsers' share of the CPU").
     */
    record Harness(boolean ownBrowsers, int width, int height, LiveEncoder.Picture picture, int browserCpu) {

        static Harness fromProperties() {
            String browser = System.getProperty("live.browser", "shared");
            if (!browser.equals("shared") && !browser.equals("own")) {
                throw new IllegalArgumentException("-Dlive.browser is shared or own: " + browser);
            }
            String[] window = System.getProperty("live.window", "400x300").split("x");
            int browserCpu = Integer.parseInt(System.getProperty("live.browser-cpu", "10"));
            if (browserCpu < 1 || browserCpu > 100) {
                throw new IllegalArgumentException("-Dlive.browser-cpu is 1 to 100 (% of the others' CPU weight): " + browserCpu);
            }
            return new Harness(browser.equals("own"), Integer.parseInt(window[0]), Integer.parseInt(window[1]),
                    LiveEncoder.Picture.parse(System.getProperty("live.picture", "320x180@10")), browserCpu);
        }

        /** The browsers' cpu group, or null when they weigh as much as the rest. */
        CpuGroup cpuGroup() {
            return browserCpu == 100 ? null : CpuGroup.weighted("shoal-viewers", browserCpu);
        }

        @Override
        public String toString() {
            return (ownBrowsers ? "each viewer a headless Chromium of its own with its chromedriver"
                    : "each viewer a page of one headless Chromium, in a browser context of its own, window " + width + "x" + height)
                    + (browserCpu == 100 ? ", the browsers at the services' CPU weight" : ", the browsers at " + browserCpu + "% of the services' CPU weight")
                    + "; pattern " + picture + (picture.sound() ? ", 600 / 150 kb/s of video and 64 kb/s of sound" : ", 664 / 214 kb/s");
        }
    }

    /** The viewers' browsers of one run: one shared, or none (each viewer starts its own). */
    private static final class Browsers implements AutoCloseable {
        private final Harness harness;
        private final CpuGroup group;
        private final ViewerBrowser shared;

        Browsers(Harness harness) throws java.io.IOException {
            this.harness = harness;
            this.group = harness.cpuGroup();
            this.shared = harness.ownBrowsers() ? null : ViewerBrowser.start(harness.width(), harness.height(), group);
        }

        Viewer openLive(String url) throws java.io.IOException {
            return shared == null ? Viewer.openLive(url, group) : shared.openLive(url);
        }

        @Override
        public void close() {
            if (shared != null) {
                shared.close();
            }
            if (group != null) {
                group.remove(); // stays only while a browser process is still exiting: empty then, and harmless
            }
        }
    }

    /** Closes the viewers before their browser (resources close in reverse order). */
    private interface Closing extends AutoCloseable {
        @Override
        void close();
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.1f", MachineLoad.loadAverageNow());
    }

    /**
     * Why bytes went over HTTP with P2P on, from the pages' events: the copies seeders took of each new segment
     * ({@code seeded}), each viewer's first two segments at its join (before it has peers to take them from), and the
     * segments a viewer took over HTTP later (a peer's copy did not come before the segment's last {@code httpWindow});
     * and the new segments nobody seeded (between the first and the last seeded of each rendition).
     */
    static String httpBreakdown(List<JsonNode> viewers) {
        long seeded = 0;
        long atJoin = 0;
        long later = 0;
        long fromPeers = 0;
        int seeds = 0;
        int turns = 0;
        int joins = 0;
        int misses = 0;
        int peerSegments = 0;
        Set<String> announced = new HashSet<>();
        Map<String, java.util.TreeSet<Long>> seededIndexes = new TreeMap<>();
        for (JsonNode v : viewers) {
            int loaded = 0;
            for (JsonNode e : v.path("events")) {
                String kind = e.path("kind").asText();
                if (kind.equals("seeded")) {
                    seeds++;
                    turns += e.path("turn").asBoolean() ? 1 : 0;
                    seeded += e.path("bytes").asLong();
                    announced.add(e.path("rendition").asText() + "/" + e.path("index").asLong());
                    seededIndexes.computeIfAbsent(e.path("rendition").asText(), k -> new java.util.TreeSet<>()).add(e.path("index").asLong());
                } else if (kind.equals("segment-loaded")) {
                    long bytes = e.path("bytes").asLong();
                    if (e.path("from").asText().equals("p2p")) {
                        peerSegments++;
                        fromPeers += bytes;
                    } else if (loaded < 2) {
                        joins++;
                        atJoin += bytes;
                    } else {
                        misses++;
                        later += bytes;
                    }
                    loaded++;
                }
            }
        }
        List<String> unseeded = new ArrayList<>();
        seededIndexes.forEach((rendition, indexes) -> {
            for (long i = indexes.first(); i < indexes.last(); i++) {
                if (!indexes.contains(i)) {
                    unseeded.add(rendition + "/" + i);
                }
            }
        });
        double all = Math.max(1, seeded + atJoin + later + fromPeers);
        return String.format(Locale.ROOT, "segments by the pages' events: from peers %d (%.1f%% of the bytes); over HTTP: seeded %d copies (%d on the gateway's "
                        + "turn, the rest by the draw) of %d new segments (%.1f%%), a viewer's first two at its join %d (%.1f%%), later %d (%.1f%%); "
                        + "new segments nobody seeded %d %s", peerSegments, 100 * fromPeers / all,
                seeds, turns, announced.size(), 100 * seeded / all, joins, 100 * atJoin / all, misses, 100 * later / all, unseeded.size(), unseeded);
    }

    /**
     * A viewer's stalls, each as kind (starved: nothing buffered past the playhead; gap: a hole), length and what was
     * buffered; then the fragment hls.js was loading, for how long already, and what it went through in the page (ms
     * from the stall's start: hls = hls.js asked, seed / seeded = this viewer took it for the swarm, http-start,
     * p2p-start, ...-loaded, hls-loaded).
     */
    static String stalls(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(st -> out.add(String.format(Locale.ROOT, "%s %d ms (ahead %.2f s%s)%s", st.path("kind").asText("?"),
                st.path("ms").asLong(), st.path("ahead").asDouble(), st.path("gap").isNumber() ? ", next range in " + st.path("gap").asDouble() + " s" : "",
                st.path("sn").isNumber() ? String.format(Locale.ROOT, " waiting on #%d, asked %d ms before [%s]", st.path("sn").asLong(),
                        st.path("pendingMs").asLong(), st.path("trail").asText()) : "")));
        return out.isEmpty() ? "none" : out.size() + ": " + String.join("; ", out);
    }

    /**
     * A viewer's 500 ms samples in a line, those while playing only: its delay less its place (p10 / p50 / p90), hls.js'
     * latency less its own target (p50), hls.js' target (lowest and highest: it grows a second per stall unless told
     * not to), the share of samples playing faster than 1x, what was buffered past the playhead (p10 / p50), and the
     * longest any fragment was pending.
     */
    static String samples(JsonNode list) {
        List<Long> behind = new ArrayList<>();
        List<Long> hlsBehind = new ArrayList<>();
        List<Long> ahead = new ArrayList<>();
        double minTarget = Double.MAX_VALUE;
        double maxTarget = 0;
        int faster = 0;
        int playing = 0;
        long longestPending = 0;
        for (JsonNode x : list) {
            longestPending = Math.max(longestPending, x.path("pendingMs").asLong(0));
            if (x.path("waiting").asBoolean() || !x.path("delayMs").isNumber()) {
                continue;
            }
            playing++;
            behind.add(x.path("delayMs").asLong() - x.path("targetMs").asLong());
            if (x.path("latency").isNumber() && x.path("hlsTarget").isNumber()) {
                hlsBehind.add(Math.round(1000 * (x.path("latency").asDouble() - x.path("hlsTarget").asDouble())));
                minTarget = Math.min(minTarget, x.path("hlsTarget").asDouble());
                maxTarget = Math.max(maxTarget, x.path("hlsTarget").asDouble());
            }
            ahead.add(Math.round(1000 * x.path("ahead").asDouble()));
            if (x.path("rate").asDouble() > 1) {
                faster++;
            }
        }
        if (playing == 0) {
            return "no samples while playing";
        }
        behind.sort(null);
        hlsBehind.sort(null);
        ahead.sort(null);
        return String.format(Locale.ROOT, "behind its place p10/p50/p90 %.2f/%.2f/%.2f s, hls.js latency - its target p50 %.2f s, "
                        + "hls.js target %.2f..%.2f s, faster than 1x %d%%, buffered ahead p10/p50 %.2f/%.2f s, longest pending fragment %d ms (%d samples)",
                percentile(behind, 10) / 1000.0, percentile(behind, 50) / 1000.0, percentile(behind, 90) / 1000.0,
                percentile(hlsBehind, 50) / 1000.0, minTarget == Double.MAX_VALUE ? 0 : minTarget, maxTarget, 100 * faster / playing,
                percentile(ahead, 10) / 1000.0, percentile(ahead, 50) / 1000.0, longestPending, playing);
    }

    static Result watch(Env env, String mode, int n, int segment, double joinEvery, double watch, String query) throws Exception {
        System.out.printf(Locale.ROOT, "%s: %d viewers joining every %.1f s, each watching %.0f s of a room with %d s segments%n",
                mode, n, joinEvery, watch, segment);
        String room = open(env, mode, segment);
        HttpResponse<String> atOrigin = post(env.agent() + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", env.gateway()), Map.of("X-Shoal-Operator-Token", env.operatorToken()));
        if (atOrigin.statusCode() != 201) {
            throw new IllegalStateException(atOrigin.body());
        }
        String ingest = env.agent() + JSON.readTree(atOrigin.body()).path("ingestPath").asText() + "%v/index.m3u8";
        int seconds = (int) (n * joinEvery + watch * 2 + 120);
        Path encoderLog = Files.createTempFile("ffmpeg-live-bench", ".log");
        Process push = LiveEncoder.push(ingest, seconds, segment, env.harness().picture(), encoderLog);
        List<Viewer> open = new ArrayList<>();
        List<JsonNode> last = new ArrayList<>();
        System.out.println("  load average at the start " + load());
        MachineLoad machine = MachineLoad.start();
        try (Browsers browsers = new Browsers(env.harness()); Closing viewers = () -> open.forEach(Viewer::close)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!room(env, room).path("state").asText().equals("LIVE") || room(env, room).path("renditions").path("hi").asLong(-1) < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the room did not go live in 2 minutes; ffmpeg " + (push.isAlive() ? "runs" : "exited with "
                            + push.exitValue()) + ", its log " + encoderLog + ": " + Files.readString(encoderLog).strip());
                }
                Thread.sleep(500);
            }
            String url = env.gateway() + "/live/" + room + (query.isEmpty() ? "" : "?" + query);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * joinEvery * 1e9);
                while (System.nanoTime() < due) {
                    Thread.sleep(50);
                }
                open.add(browsers.openLive(url));
                System.out.printf("\r  %d/%d viewers joined", i + 1, n);
            }
            System.out.println();
            int probes = Integer.getInteger("live.probes", 0);
            if (probes > 0 && !query.contains("p2p=off")) {
                double every = Double.parseDouble(System.getProperty("live.probe-every", "6"));
                PROBES.put(mode, probe(browsers, env.gateway() + "/live/" + room, "p2p=off" + (query.isEmpty() ? "" : "&" + query), query, probes, every, segment));
            }
            deadline = System.nanoTime() + Duration.ofSeconds((long) (watch * 2 + 60)).toNanos();
            for (int i = 0; i < open.size(); i++) {
                JsonNode s = open.get(i).stats();
                while (s.path("playedSeconds").asDouble() < watch && s.path("errors").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    s = open.get(i).stats();
                }
                last.add(s);
                String dump = System.getProperty("live.dump");
                if (dump != null) { // each page's whole record, for a closer look (-Dlive.dump=DIR)
                    Files.createDirectories(Path.of(dump));
                    Files.writeString(Path.of(dump, mode.replaceAll("[^A-Za-z0-9]+", "-") + "-viewer-" + i + ".json"), s.toPrettyString());
                }
                System.out.printf("\r  %d/%d viewers done", i + 1, n);
            }
            System.out.println();
            System.out.println("  load average at the end " + load());
            MACHINE.put(mode, machine.stop());
            System.out.println("  the machine while they played: " + MACHINE.get(mode));
        } finally {
            machine.close();
            push.destroy();
            push.waitFor();
        }
        // each viewer: where it sat behind the edge, which renditions it played and from where, its peers
        for (int i = 0; i < last.size(); i++) {
            JsonNode s = last.get(i);
            List<Long> own = new ArrayList<>();
            s.path("delays").forEach(d -> own.add(d.path("ms").asLong()));
            own.sort(null);
            System.out.printf(Locale.ROOT, "  viewer %d: lag %.2f s, target %.2f s (announcement's way %.2f s, HTTP window at the end %.2f s), delay p50 %.2f s, "
                            + "placed %d, level %s (%d switches), by level %s, peers %d (ever %d), "
                            + "segments p2p/http %d/%d, bytes p2p/http %d/%d, uploaded %d, seeded %d (%d bytes), stalls %s%n", i, s.path("lagSeconds").asDouble(),
                    s.path("targetMs").asLong() / 1000.0, s.path("announcementWayMs").asLong() / 1000.0, s.path("httpWindowMs").asLong() / 1000.0, percentile(own, 50) / 1000.0,
                    s.path("placements").asInt(), s.path("level").asText(), s.path("levelSwitches").asInt(), s.path("bytesByLevel"),
                    s.path("peers").asInt(), s.path("peersEver").asInt(), s.path("segmentsFromPeers").asInt(),
                    s.path("segmentsOverHttp").asInt(), s.path("p2pBytes").asLong(), s.path("httpBytes").asLong(),
                    s.path("uploadedBytes").asLong(), s.path("seeded").asInt(), s.path("seededBytes").asLong(), stalls(s.path("stalls")));
            List<Long> late = new ArrayList<>();
            s.path("listedLateMs").forEach(x -> late.add(x.asLong()));
            late.sort(null);
            System.out.printf(Locale.ROOT, "    samples: %s; new segments listed in hls.js p50/max %d/%d ms after their announcement; skips %d%n",
                    samples(s.path("samples")), percentile(late, 50), late.isEmpty() ? -1 : late.get(late.size() - 1), s.path("skips").asInt());
        }
        if (!query.contains("p2p=off")) {
            System.out.println("  " + httpBreakdown(last));
        }
        RelayDepth depth = new RelayDepth(last);
        long originBytes = 0;
        long peerBytes = 0;
        int stale = 0;
        int stalls = 0;
        long stalledMs = 0;
        double minutes = 0;
        int errors = 0;
        int rejected = 0;
        int skips = 0;
        List<Long> startups = new ArrayList<>();
        List<Long> fromOrigin = new ArrayList<>();
        List<Long> fromPeers = new ArrayList<>();
        Map<Integer, List<Long>> byDepth = new TreeMap<>();
        for (int v = 0; v < last.size(); v++) {
            JsonNode s = last.get(v);
            originBytes += s.path("httpBytes").asLong();
            peerBytes += s.path("p2pBytes").asLong();
            stale += s.path("stalePlays").asInt();
            startups.add(s.path("startupMs").asLong(-1));
            for (JsonNode stall : s.path("stalls")) {
                stalls++;
                stalledMs += stall.path("ms").asLong();
            }
            minutes += s.path("playedSeconds").asDouble() / 60;
            errors += s.path("errors").size();
            rejected += s.path("rejected").size();
            skips += s.path("skips").asInt();
            for (JsonNode d : s.path("delays")) {
                boolean p2p = d.path("from").asText().equals("p2p");
                (p2p ? fromPeers : fromOrigin).add(d.path("ms").asLong());
                byDepth.computeIfAbsent(p2p ? depth.of(v, d.path("sha256").asText()) : 0, k -> new ArrayList<>()).add(d.path("ms").asLong());
            }
        }
        startups.sort(null);
        fromOrigin.sort(null);
        fromPeers.sort(null);
        byDepth.values().forEach(l -> l.sort(null));
        return new Result(mode, n, originBytes, peerBytes, startups, fromOrigin, fromPeers, byDepth, stale, stalls, stalledMs, minutes,
                errors, rejected, skips);
    }

    /** Each probed mode's startup probes (-Dlive.probes): the first frames of pages opened and closed in pairs. */
    private static final Map<String, Probes> PROBES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The startup probes' pairs in the order they were opened: each pair's first frames (ms) with P2P off and on, null
     * where that page had none in 30 s or a player error before it ({@code missed} counts those).
     */
    record Probes(List<Pair> pairs, int missed) {

        record Pair(Long off, Long on) {
        }

        String line() {
            List<Long> off = pairs.stream().map(Pair::off).filter(java.util.Objects::nonNull).sorted().toList();
            List<Long> on = pairs.stream().map(Pair::on).filter(java.util.Objects::nonNull).sorted().toList();
            List<Double> ratios = pairs.stream().filter(p -> p.off() != null && p.on() != null && p.off() > 0)
                    .map(p -> (double) p.on() / p.off()).sorted().toList();
            double pairP50 = ratios.isEmpty() ? Double.NaN : ratios.get(Math.max(0, (int) Math.ceil(ratios.size() / 2.0) - 1));
            return String.format(Locale.ROOT, "startup probes, %d pairs into the playing swarm: P2P off p50 / p95 %d / %d ms, P2P on %d / %d ms "
                            + "(ratio %.2fx / %.2fx); pair by pair, on / off p50 %.2fx (%d of %d pairs on faster); no first frame in 30 s: %d",
                    pairs.size(), percentile(off, 50), percentile(off, 95), percentile(on, 50), percentile(on, 95),
                    ratio(percentile(on, 50), percentile(off, 50)), ratio(percentile(on, 95), percentile(off, 95)), pairP50,
                    ratios.stream().filter(r -> r < 1).count(), ratios.size(), missed);
        }

        /** Each pair as "off/on" ms, in the order they were opened ("-" for a page with no first frame). */
        String each() {
            return pairs.stream().map(p -> (p.off() == null ? "-" : p.off()) + "/" + (p.on() == null ? "-" : p.on()))
                    .collect(java.util.stream.Collectors.joining(" "));
        }

        private static double ratio(long a, long b) {
            return b <= 0 ? Double.NaN : (double) a / b;
        }
    }

    /**
     * Opens {@code pairs} pairs of pages on the room, one with each query (P2P off first in even pairs, P2P on first in
     * odd ones), one page every {@code every} seconds, each closed once it has its first frame (the page's own
     * {@code startupMs}). Back to back, 20 pairs on top of 10 viewers kept 2 cores 95% busy (a page's opening is work).
     */
    static Probes probe(Browsers browsers, String page, String offQuery, String onQuery, int pairs, double every, int segment) throws Exception {
        List<Probes.Pair> opened = new ArrayList<>();
        int missed = 0;
        long[] next = {System.nanoTime()};
        String dump = System.getProperty("live.dump");
        for (int i = 0; i < pairs; i++) {
            Long off = null;
            Long on = null;
            boolean second = false;
            for (boolean p2p : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                String query = p2p ? onQuery : offQuery;
                // the pace: the pair's second page a segment after its first (the same phase), the next pair `every` on
                await().atMost(Duration.ofMillis((long) (1000 * Math.max(every, segment)) + 1000)).pollInterval(Duration.ofMillis(20))
                        .until(() -> System.nanoTime() >= next[0]);
                next[0] += (long) ((second ? every : segment) * 1e9);
                second = true;
                try (Viewer probe = browsers.openLive(page + (query.isEmpty() ? "" : "?" + query))) {
                    JsonNode s = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(probe::stats, st -> st.path("startupMs").isNumber() || !st.path("errors").isEmpty());
                    if (dump != null) { // the probe's record at its first frame (-Dlive.dump=DIR)
                        Files.createDirectories(Path.of(dump));
                        Files.writeString(Path.of(dump, "probe-" + i + "-p2p-" + (p2p ? "on" : "off") + ".json"), s.toPrettyString());
                    }
                    if (!s.path("startupMs").isNumber()) {
                        missed++; // a player error before any frame
                    } else if (p2p) {
                        on = s.path("startupMs").asLong();
                    } else {
                        off = s.path("startupMs").asLong();
                    }
                } catch (ConditionTimeoutException noFirstFrame) {
                    missed++;
                }
            }
            opened.add(new Probes.Pair(off, on));
            System.out.printf("\r  %d/%d startup probe pairs", i + 1, pairs);
        }
        System.out.println();
        return new Probes(opened, missed);
    }

    /** How busy the machine was while each mode's viewers played. */
    private static final Map<String, MachineLoad.Reading> MACHINE = new java.util.concurrent.ConcurrentHashMap<>();

    static void print(List<Result> results, int viewers, int segment, double joinEvery, double watch) {
        System.out.printf(Locale.ROOT, "%n%d viewers, one joining every %.1f s, each watching %.0f s; %d s segments:%n%n",
                viewers, joinEvery, watch, segment);
        System.out.println("| run | bytes from the origin | bytes from peers | peer share | delay p50 / p95, segment from the origin | delay p50 / p95, from a peer | startup p50 | startup p95 | stale plays | rebuffering per viewer-minute | skips | errors | rejected |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.2f MiB | %.2f MiB | %.1f%% | %s | %s | %d ms | %d ms | %d | %.2f (%d ms) | %d | %d | %d |%n",
                    r.mode(), r.originBytes() / 1048576.0, r.peerBytes() / 1048576.0, r.peerShare() * 100,
                    delays(r.delaysFromOrigin()), delays(r.delaysFromPeers()), percentile(r.startups(), 50), percentile(r.startups(), 95),
                    r.stalePlays(), r.viewerMinutes() == 0 ? 0 : r.stalls() / r.viewerMinutes(), r.stalledMs(), r.skips(), r.errors(), r.rejected());
        }
        for (Result r : results) {
            StringBuilder line = new StringBuilder("delay p50 / p95 by relay depth, " + r.mode() + ":");
            r.delaysByDepth().forEach((k, v) -> line.append(k == 0 ? " from the origin " : k < 0 ? " from a peer, depth unknown "
                    : " depth " + k + " ").append(delays(v)).append(';'));
            System.out.println(line);
        }
        if (results.size() == 2 && results.get(0).originBytes() > 0) {
            System.out.printf(Locale.ROOT, "%norigin bytes, P2P on / P2P off: %.3f; startup p50 ratio: %.2f; startup p95 ratio: %.2f%n",
                    (double) results.get(1).originBytes() / results.get(0).originBytes(),
                    (double) percentile(results.get(1).startups(), 50) / Math.max(1, percentile(results.get(0).startups(), 50)),
                    (double) percentile(results.get(1).startups(), 95) / Math.max(1, percentile(results.get(0).startups(), 95)));
        }
        for (Result r : results) {
            Probes probes = PROBES.get(r.mode());
            if (probes != null) {
                System.out.printf(Locale.ROOT, "during %s, %s%n", r.mode(), probes.line());
                System.out.println("  each pair, P2P off / on ms, in order: " + probes.each());
            }
        }
        for (Result r : results) {
            MachineLoad.Reading machine = MACHINE.get(r.mode());
            if (machine != null) {
                System.out.printf(Locale.ROOT, "the machine during %s: %s%n", r.mode(), machine);
            }
        }
        if (results.stream().map(r -> MACHINE.get(r.mode())).anyMatch(m -> m != null && m.saturated())) {
            System.out.printf(Locale.ROOT, "WARNING: the machine was busy %.0f%% or more of the time while viewers played: pages and peers starved "
                    + "of CPU play and send late, so these figures measure the machine more than the player; compare runs only where it "
                    + "was not (fewer viewers, -Dlive.join-every higher, or a bigger machine)%n", 100 * MachineLoad.SATURATED);
        }
    }

    /**
     * Through how many viewers a segment came: a page counts where it got each segment (the sending peer's id) and the
     * ids of the peers it met; a viewer's own ids are those the others met and it did not (one per rendition's swarm).
     * Depth 1 is from a viewer that had it over HTTP, 2 from one that had it from such a viewer, and so on; -1 when the
     * sending peer is none of the viewers read.
     */
    static final class RelayDepth {
        private final List<JsonNode> viewers;
        private final List<Set<String>> ownIds = new ArrayList<>();

        RelayDepth(List<JsonNode> viewers) {
            this.viewers = viewers;
            for (int i = 0; i < viewers.size(); i++) {
                Set<String> own = new HashSet<>();
                for (int j = 0; j < viewers.size(); j++) {
                    if (j != i) {
                        viewers.get(j).path("peerIds").forEach(id -> own.add(id.asText()));
                    }
                }
                viewers.get(i).path("peerIds").forEach(id -> own.remove(id.asText()));
                ownIds.add(own);
            }
        }

        int of(int viewer, String sha256) {
            int depth = 0;
            int at = viewer;
            for (int hops = 0; hops <= viewers.size(); hops++) {
                String from = viewers.get(at).path("segmentPeers").path(sha256).asText(null);
                if (from == null) {
                    return depth;
                }
                depth++;
                int next = -1;
                for (int j = 0; j < ownIds.size(); j++) {
                    if (ownIds.get(j).contains(from)) {
                        next = j;
                    }
                }
                if (next < 0) {
                    return -1;
                }
                at = next;
            }
            return -1;
        }
    }

    private static String delays(List<Long> sorted) {
        return sorted.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f / %.1f s (%d)", percentile(sorted, 50) / 1000.0,
                percentile(sorted, 95) / 1000.0, sorted.size());
    }

    /**
     * Announcements from one gateway to {@code clients} SSE clients: {@code count} signed announcements posted one after
     * another (as an origin does), each timed from its POST's start to its arrival at every client.
     */
    static void fanOut(Env env, int clients, int count) throws Exception {
        String room = open(env, "fan-out " + clients, 2);
        HttpResponse<String> claimed = put(env.gateway() + "/api/live/rooms/" + room + "/origin", JSON.valueToTree(
                OriginClaim.sign(CREATOR, room, DemoKeys.agent().address(), "http://127.0.0.1:1", false, 1)));
        if (claimed.statusCode() != 200) {
            throw new IllegalStateException(claimed.body());
        }
        List<EventStream> streams = new ArrayList<>();
        HttpClient many = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (int i = 0; i < clients; i++) {
                streams.add(new EventStream(many, env.gateway() + "/live/" + room + "/events"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.stream().anyMatch(s -> s.rooms.isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the event streams did not open");
                }
                Thread.sleep(100);
            }
            long[] posted = new long[count];
            Sha256 link = Chain.GENESIS;
            RenditionFormat format = RenditionFormat.ts("avc1.64001e", 640, 360, 800_000);
            long first = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Announcement a = Announcement.next(room, "hi", i, 2_000_000, 1000, Sha256.of(Integer.toString(i).getBytes()), link,
                        System.currentTimeMillis(), false, format);
                link = a.link();
                ArrayNode body = JSON.createArrayNode().add(a.sign(CREATOR).toJsonTree());
                posted[i] = System.nanoTime();
                HttpResponse<String> r = post(env.gateway() + "/api/live/rooms/" + room + "/announcements", body, null);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.body());
                }
            }
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.stream().anyMatch(s -> s.arrivals.size() < count) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Long> added = new ArrayList<>();
            long lastArrival = first;
            int delivered = 0;
            for (EventStream s : streams) {
                for (int i = 0; i < s.announcements.size(); i++) {
                    int index = s.announcements.get(i).path("index").asInt();
                    long at = s.arrivals.get(i);
                    added.add((at - posted[index]) / 1_000_000);
                    lastArrival = Math.max(lastArrival, at);
                    delivered++;
                }
            }
            added.sort(null);
            double seconds = (lastArrival - first) / 1e9;
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.0f | %d ms | %d ms | %d ms |%n", clients, count, delivered,
                    delivered / seconds, percentile(added, 50), percentile(added, 95), added.isEmpty() ? -1 : added.get(added.size() - 1));
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    private static String open(Env env, String title, int segment) throws Exception {
        HttpResponse<String> r = post(env.gateway() + "/api/live/rooms", JSON.createObjectNode().put("title", title)
                .put("creator", CREATOR.address().toString()).put("segmentSeconds", segment)
                .put("maxDelaySeconds", 3 * segment), Map.of("Authorization", "Bearer " + env.creatorToken()));
        if (r.statusCode() != 201) {
            throw new IllegalStateException(r.body());
        }
        return JSON.readTree(r.body()).path("room").asText();
    }

    private static JsonNode room(Env env, String room) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(env.gateway() + "/api/live/rooms/" + room)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static HttpResponse<String> put(String url, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, JsonNode body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (headers != null) {
            headers.forEach(b::header);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
