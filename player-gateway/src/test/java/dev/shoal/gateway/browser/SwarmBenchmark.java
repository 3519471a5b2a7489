package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.gateway.ShoalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--viewers" -> viewers = Integer.parseInt(args[++i]);
                case "--join-every" -> joinEvery = Double.parseDouble(args[++i]);
                case "--watch" -> watch = Double.parseDouble(args[++i]);
                case "--gateway" -> gateway = args[++i];
                case "--content" -> content = args[++i];
                case "--params" -> extra = args[++i];
                case "--no-reference" -> reference = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --viewers N --join-every SECONDS --watch SECONDS --gateway URL --content ID --params QUERY --no-reference)");
            }
        }
        Viewer.requireBrowser();
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
        List<Viewer> open = new ArrayList<>();
        List<JsonNode> last = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * joinEvery * 1e9);
                while (System.nanoTime() < due) {
                    Thread.sleep(50);
                }
                open.add(Viewer.open(url));
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

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
