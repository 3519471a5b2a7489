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
}
