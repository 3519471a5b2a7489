package dev.shoal.marketplace.placement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the agents for an order's missing replicas. Eligible: online, price within the order's maximum,
 * room for the content, not already holding a live replica of this order. Among those, distinct
 * operators and networks come first (an operator or a home connection going away must not take two
 * replicas with it), then reputation, then price. Pure: no I/O, so it is tested and benchmarked alone.
 */
public final class PlacementEngine {

    /** An agent as placement sees it. {@code freeBytes} is capacity minus what its live deals already reserve. */
    public record Candidate(String address, String operator, String network, double reputation,
                            BigInteger pricePerGbEpochWei, long freeBytes) {
    }

    /**
     * @param needed        how many replicas to add
     * @param contentBytes  the content's size
     * @param maxPrice      the order's maximum price per GB-epoch
     * @param holders       agents that must not get a replica: those holding a live one, and those that failed one
     * @param usedOperators operators of those agents
     * @param usedNetworks  networks of those agents
     */
    public record Request(int needed, long contentBytes, BigInteger maxPrice, Set<String> holders,
                          Set<String> usedOperators, Set<String> usedNetworks) {
    }

    private static final Comparator<Candidate> RANK = Comparator
            .comparingDouble(Candidate::reputation).reversed()
            .thenComparing(Candidate::pricePerGbEpochWei)
            .thenComparing(Candidate::address);

    private PlacementEngine() {
    }

    public static List<Candidate> choose(Request request, Collection<Candidate> candidates) {
        List<Candidate> pool = new ArrayList<>(candidates.stream()
                .filter(c -> !request.holders().contains(c.address()))
                .filter(c -> c.pricePerGbEpochWei().compareTo(request.maxPrice()) <= 0)
                .filter(c -> c.freeBytes() >= request.contentBytes())
                .sorted(RANK)
                .toList());
        Set<String> operators = new HashSet<>(request.usedOperators());
        Set<String> networks = new HashSet<>(request.usedNetworks());
        List<Candidate> chosen = new ArrayList<>();
        while (chosen.size() < request.needed() && !pool.isEmpty()) {
            Candidate next = pick(pool, operators, networks);
            pool.remove(next);
            chosen.add(next);
            operators.add(next.operator());
            networks.add(next.network());
        }
        return chosen;
    }

    /** The best-ranked candidate of the most spread-out tier: new operator and network, new operator, new network, any. */
    private static Candidate pick(List<Candidate> ranked, Set<String> operators, Set<String> networks) {
        Candidate newOperator = null;
        Candidate newNetwork = null;
        for (Candidate c : ranked) {
            boolean freshOperator = !operators.contains(c.operator());
            boolean freshNetwork = !networks.contains(c.network());
            if (freshOperator && freshNetwork) {
                return c;
            }
            if (freshOperator && newOperator == null) {
                newOperator = c;
            }
            if (freshNetwork && newNetwork == null) {
                newNetwork = c;
            }
        }
        return newOperator != null ? newOperator : newNetwork != null ? newNetwork : ranked.get(0);
    }
}
