package dev.shoal.marketplace.placement;

import dev.shoal.marketplace.placement.PlacementEngine.Candidate;
import dev.shoal.marketplace.placement.PlacementEngine.Request;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Places N orders (5 to 10 replicas each) over N agents with {@link PlacementEngine}, consuming agents'
 * free space as it goes, and reports the time per order and the share of orders meeting the spreading
 * rules (all replicas on distinct operators and distinct networks). The reference in the same run is
 * a placement that ignores spreading (best reputation first), timed over the same inputs.
 * Run: see docs/benchmarks.md ("Marketplace").
 */
public final class PlacementBenchmark {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Random random = new Random(42);
        List<Candidate> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // operators run 1-4 agents; a few networks host many (shared ISPs / data centres)
            agents.add(new Candidate("agent" + i, "op" + random.nextInt(n / 2), "net" + random.nextInt(n / 3),
                    random.nextDouble(), BigInteger.valueOf(1 + random.nextInt(100)), 200L << 30));
        }
        for (int round = 0; round < 2; round++) {
            run("spreading", agents, n, true);
            run("reference (rank only)", agents, n, false);
        }
    }

    private static void run(String label, List<Candidate> initial, int orders, boolean spread) {
        Map<String, Long> free = new HashMap<>();
        initial.forEach(c -> free.put(c.address(), c.freeBytes()));
        Random random = new Random(7);
        int spreadOk = 0;
        int filled = 0;
        long begin = System.nanoTime();
        for (int o = 0; o < orders; o++) {
            int replicas = 5 + random.nextInt(6);
            long size = (1L + random.nextInt(20)) << 30;
            List<Candidate> now = initial.stream().map(c -> new Candidate(c.address(), c.operator(), c.network(), c.reputation(),
                    c.pricePerGbEpochWei(), free.get(c.address()))).toList();
            Request request = new Request(replicas, size, BigInteger.valueOf(100), Set.of(), Set.of(), Set.of());
            List<Candidate> chosen = spread ? PlacementEngine.choose(request, now)
                    : now.stream().filter(c -> c.freeBytes() >= size)
                        .sorted((a, b) -> Double.compare(b.reputation(), a.reputation())).limit(replicas).toList();
            chosen.forEach(c -> free.merge(c.address(), -size, Long::sum));
            if (chosen.size() == replicas) {
                filled++;
            }
            if (chosen.stream().map(Candidate::operator).distinct().count() == chosen.size()
                    && chosen.stream().map(Candidate::network).distinct().count() == chosen.size()) {
                spreadOk++;
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("%-22s %d orders over %d agents: %.2f s (%.3f ms/order), filled %.1f%%, spreading rules met %.1f%%%n",
                label, orders, initial.size(), seconds, seconds * 1000 / orders, 100.0 * filled / orders, 100.0 * spreadOk / orders);
    }
}
