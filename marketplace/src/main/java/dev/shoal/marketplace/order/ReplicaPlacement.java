package dev.shoal.marketplace.order;

import dev.shoal.marketplace.content.Content;
import io.smallrye.mutiny.Uni;

/**
 * Finds agents for the replicas an order misses. The placement package answers: it reads orders, so orders
 * know it only through this interface.
 */
public interface ReplicaPlacement {

    /** Proposes deals for the replicas the order misses, in the caller's transaction; the number proposed. */
    Uni<Integer> fill(StorageOrder order, Content content);

    /** An agent placement would choose, with its ask per GB-epoch in sUSD units. */
    record Offer(String agent, String region, java.math.BigInteger askPerGbEpoch) {
    }

    /**
     * The agents placement would choose now for a new order of {@code replicas} replicas of {@code bytes} at most
     * {@code maxPerGbEpoch} (a dry run: nothing is proposed), and the lowest ask per GB-epoch among the online agents
     * with room for it (null when there is none), to tell a creator whose maximum is below every ask.
     */
    record Offers(java.util.List<Offer> chosen, java.math.BigInteger lowestAsk) {
    }

    Uni<Offers> wouldPlace(int replicas, long bytes, java.math.BigInteger maxPerGbEpoch);
}
