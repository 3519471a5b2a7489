package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.gateway.ShoalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A swarm of real browsers watching one VOD: N headless Chromium viewers join one after another on the player
 * page and watch until near the end. Run twice in one go over the same stack and video: with P2P off (the
 * reference: every byte from agents, as a plain HLS CDN would serve it) and with P2P on. Reports bytes from
 * peers vs agents, startup time and rebuffering.
 *
 * <pre>
 * ./shoal bench swarm -Dswarm.viewers=20 -Dswarm.join-every=2 -Dswarm.watch=56
 * </pre>
 * Without {@code --gateway URL --content ID} it starts its own stack ({@code shoal up --agents 3}) and stops it.
 *
 * <p>With {@code --fork} (its own stack only) it makes a consented ad fork of the sample ({@link ConsentedFork}: a 16 s
 * ad at 0:24) and the viewers alternate between the original and the fork. Run twice in one go: the fork's viewers in
 * a swarm of their own ({@code ?swarm=own}, the reference: two separate swarms), then in the original's, as the
 * gateway sends them. Reports the share of bytes from peers on the segments the two share, and on the ad's.
 * <pre>
 * ./shoal bench swarm --fork --viewers 6 --watch 60
 * </pre>
 */
public final class SwarmBenchmark {

    record Result(String mode, int viewers, long agentBytes, long peerBytes, List<Long> startups, int stalls,
                  long stalledMs, int errors, int rejected) {

        double peerShare() {
            long total = agentBytes + peerBytes;
            return total == 0 ? 0 : (double) peerBytes / total;
        }
    }

    public static void main(String[] args) throws Exception {
        // options as arguments, or as -Dswarm.<option>
        int viewers = Integer.parseInt(System.getProperty("swarm.viewers", "20"));
        double joinEvery = Double.parseDouble(System.getProperty("swarm.join-every", "2"));
        double watch = Double.parseDouble(System.getProperty("swarm.watch", "56"));
        String gateway = System.getProperty("swarm.gateway");
        String content = System.getProperty("swarm.content");
        String extra = System.getProperty("swarm.params", "");
        boolean reference = !"false".equals(System.getProperty("swarm.reference"));
        boolean fork = Boolean.getBoolean("swarm.fork");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--viewers" -> viewers = Integer.parseInt(args[++i]);
                case "--join-every" -> joinEvery = Double.parseDouble(args[++i]);
                case "--watch" -> watch = Double.parseDouble(args[++i]);
                case "--gateway" -> gateway = args[++i];
                case "--content" -> content = args[++i];
                case "--params" -> extra = args[++i];
                case "--no-reference" -> reference = false;
                case "--fork" -> fork = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --viewers N --join-every SECONDS --watch SECONDS --gateway URL --content ID --params QUERY --no-reference --fork)");
            }
        }
        Viewer.requireBrowser();
        if (fork && gateway != null) {
            throw new IllegalArgumentException("--fork makes its fork on a stack of its own: leave out --gateway and --content");
        }
        ShoalStack stack = null;
        Path state = null;
        if (gateway == null) {
            state = Files.createTempDirectory("shoal-swarm");
            stack = new ShoalStack(state);
            System.out.println("starting a stack with 3 agents in " + state);
            ShoalStack.Run up = stack.shoal("up", "--agents", "3");
            if (up.exit() != 0) {
                throw new IllegalStateException(up.out());
            }
            gateway = stack.url("player-gateway");
            content = stack.sampleWithReplicas(3, Duration.ofMinutes(4));
        }
        try {
            if (fork) {
                forkRuns(stack, state, gateway, content, viewers, joinEvery, watch, extra, reference);
                return;
            }
            List<Result> results = new ArrayList<>();
            if (reference) {
                results.add(run("reference: P2P off", gateway, content, viewers, joinEvery, watch, "p2p=off" + amp(extra)));
            }
            results.add(run("Shoal: P2P on", gateway, content, viewers, joinEvery, watch, extra));
            print(results, viewers, joinEvery, watch);
        } finally {
            if (stack != null) {
                stack.shoal("down");
            }
        }
    }

    private static String amp(String extra) {
        return extra.isEmpty() ? "" : "&" + extra;
    }

    static Result run(String mode, String gateway, String content, int n, double joinEvery, double watch, String query) throws Exception {
        System.out.printf(Locale.ROOT, "%s: %d viewers joining every %.1f s, each watching to %.0f s%n", mode, n, joinEvery, watch);
        String url = gateway + "/watch/" + content + (query.isEmpty() ? "" : "?" + query);
        return result(mode, watchAll(java.util.Collections.nCopies(n, url), joinEvery, watch));
    }

    /** Opens a viewer on each URL, one every {@code joinEvery} seconds, and returns each one's stats once it is past {@code watch}. */
    static List<JsonNode> watchAll(List<String> urls, double joinEvery, double watch) throws Exception {
        int n = urls.size();
        List<Viewer> open = new ArrayList<>();
        List<JsonNode> last = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * joinEvery * 1e9);
                while (System.nanoTime() < due) {
                    Thread.sleep(50);
                }
                open.add(Viewer.open(urls.get(i)));
                System.out.printf("\r  %d/%d viewers joined", i + 1, n);
            }
            System.out.println();
            long deadline = System.nanoTime() + Duration.ofSeconds((long) (watch * 2 + 60)).toNanos();
            for (int i = 0; i < open.size(); i++) {
                Viewer v = open.get(i);
                JsonNode s = v.stats();
                while (s.path("currentTime").asDouble() < watch && !s.path("ended").asBoolean() && s.path("errors").isEmpty()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    s = v.stats();
                }
                last.add(s);
                System.out.printf("\r  %d/%d viewers done", i + 1, n);
            }
            System.out.println();
        } finally {
            open.forEach(Viewer::close);
        }
        return last;
    }

    static Result result(String mode, List<JsonNode> last) {
        int n = last.size();
        long agentBytes = 0;
        long peerBytes = 0;
        int stalls = 0;
        long stalledMs = 0;
        int errors = 0;
        int rejected = 0;
        List<Long> startups = new ArrayList<>();
        for (JsonNode s : last) {
            agentBytes += s.path("httpBytes").asLong();
            peerBytes += s.path("p2pBytes").asLong();
            startups.add(s.path("startupMs").asLong(-1));
            for (JsonNode stall : s.path("stalls")) {
                stalls++;
                stalledMs += stall.path("ms").asLong();
            }
            errors += s.path("errors").size();
            rejected += s.path("rejected").size();
        }
        startups.sort(null);
        return new Result(mode, n, agentBytes, peerBytes, startups, stalls, stalledMs, errors, rejected);
    }

    static void print(List<Result> results, int viewers, double joinEvery, double watch) {
        System.out.printf(Locale.ROOT, "%n%d viewers, one joining every %.1f s, each watching to %.0f s:%n%n", viewers, joinEvery, watch);
        System.out.println("| run | bytes from agents | bytes from peers | peer share | startup p50 | startup p95 | rebuffering events | time rebuffering | errors | rejected |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.2f MiB | %.2f MiB | %.1f%% | %d ms | %d ms | %d | %d ms | %d | %d |%n", r.mode(),
                    r.agentBytes() / 1048576.0, r.peerBytes() / 1048576.0, r.peerShare() * 100, percentile(r.startups(), 50),
                    percentile(r.startups(), 95), r.stalls(), r.stalledMs(), r.errors(), r.rejected());
        }
        if (results.size() == 2 && results.get(0).agentBytes() > 0) {
            System.out.printf(Locale.ROOT, "%nagent bytes, P2P on / P2P off: %.3f; startup p50 ratio: %.2f%n",
                    (double) results.get(1).agentBytes() / results.get(0).agentBytes(),
                    (double) percentile(results.get(1).startups(), 50) / Math.max(1, percentile(results.get(0).startups(), 50)));
        }
    }

    /** Bytes of one kind of segment, by where they came from. */
    record Bytes(long agents, long peers) {

        static final Bytes NONE = new Bytes(0, 0);

        Bytes plus(String from, long bytes) {
            return "p2p".equals(from) ? new Bytes(agents, peers + bytes) : new Bytes(agents + bytes, peers);
        }

        double peerShare() {
            long total = agents + peers;
            return total == 0 ? 0 : (double) peers / total;
        }
    }

    /**
     * @param shared the segments the fork shares with the original, as all viewers loaded them; then as the original's
     *               viewers and as the fork's did
     * @param ad     the ad's segments (the fork's viewers only)
     * @param swarms how many viewers joined each swarm (content id), as their players report it
     */
    record ForkResult(String mode, Bytes shared, Bytes sharedOriginalViewers, Bytes sharedForkViewers, Bytes ad, int errors,
                      int rejected, Map<String, Integer> swarms) {
    }

    private static void forkRuns(ShoalStack stack, Path state, String gateway, String original, int viewers, double joinEvery,
                                 double watch, String extra, boolean reference) throws Exception {
        try (ConsentedFork fork = ConsentedFork.of(stack, original, state.resolve("fork"), 24_000_000L)) {
            System.out.println("consented fork " + fork.forkId() + " of " + original + " (16 s ad at 0:24), held by every agent");
            List<ForkResult> results = new ArrayList<>();
            if (reference) {
                results.add(forkRun("reference: two separate swarms", gateway, fork, viewers, joinEvery, watch, "swarm=own" + amp(extra)));
            }
            results.add(forkRun("Shoal: one swarm", gateway, fork, viewers, joinEvery, watch, extra));
            printFork(results, fork, viewers, joinEvery, watch);
        }
    }

    /** Viewers alternate between the original and the fork (the first on the original). */
    static ForkResult forkRun(String mode, String gateway, ConsentedFork fork, int n, double joinEvery, double watch, String query) throws Exception {
        System.out.printf(Locale.ROOT, "%s: %d viewers, original and fork in turn, joining every %.1f s, each watching to %.0f s%n",
                mode, n, joinEvery, watch);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(gateway + "/watch/" + (i % 2 == 0 ? fork.originalId() : fork.forkId()) + (query.isEmpty() ? "" : "?" + query));
        }
        Bytes shared = Bytes.NONE;
        Bytes sharedOriginal = Bytes.NONE;
        Bytes sharedFork = Bytes.NONE;
        Bytes ad = Bytes.NONE;
        int errors = 0;
        int rejected = 0;
        Map<String, Integer> swarms = new TreeMap<>();
        for (JsonNode s : watchAll(urls, joinEvery, watch)) {
            boolean forkViewer = s.path("contentId").asText().equals(fork.forkId());
            swarms.merge(s.path("swarm").asText(), 1, Integer::sum);
            for (JsonNode loaded : s.path("segmentsLoaded")) {
                String from = loaded.path("from").asText();
                long bytes = loaded.path("bytes").asLong();
                if (fork.originalSegments().contains(loaded.path("sha256").asText())) {
                    shared = shared.plus(from, bytes);
                    if (forkViewer) {
                        sharedFork = sharedFork.plus(from, bytes);
                    } else {
                        sharedOriginal = sharedOriginal.plus(from, bytes);
                    }
                } else {
                    ad = ad.plus(from, bytes);
                }
            }
            errors += s.path("errors").size();
            rejected += s.path("rejected").size();
        }
        return new ForkResult(mode, shared, sharedOriginal, sharedFork, ad, errors, rejected, swarms);
    }

    static void printFork(List<ForkResult> results, ConsentedFork fork, int viewers, double joinEvery, double watch) {
        System.out.printf(Locale.ROOT, "%n%d viewers on the original and a fork of it in turn, one joining every %.1f s, each watching to %.0f s:%n%n",
                viewers, joinEvery, watch);
        System.out.println("| run | swarms joined | shared segments: from agents | from peers | peer share | original's viewers | fork's viewers | ad segments: peer share | errors | rejected |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (ForkResult r : results) {
            StringBuilder swarms = new StringBuilder();
            r.swarms().forEach((id, count) -> swarms.append(swarms.isEmpty() ? "" : ", ")
                    .append(id.equals(fork.originalId()) ? "original's" : id.equals(fork.forkId()) ? "fork's" : id).append(" ×").append(count));
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f MiB | %.2f MiB | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %d | %d |%n", r.mode(), swarms,
                    r.shared().agents() / 1048576.0, r.shared().peers() / 1048576.0, r.shared().peerShare() * 100,
                    r.sharedOriginalViewers().peerShare() * 100, r.sharedForkViewers().peerShare() * 100, r.ad().peerShare() * 100,
                    r.errors(), r.rejected());
        }
        if (results.size() == 2 && results.get(0).shared().agents() > 0) {
            System.out.printf(Locale.ROOT, "%nshared segments, one swarm / two swarms: agent bytes %.3f, peer share %.2f%n",
                    (double) results.get(1).shared().agents() / results.get(0).shared().agents(),
                    results.get(1).shared().peerShare() / Math.max(1e-9, results.get(0).shared().peerShare()));
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
