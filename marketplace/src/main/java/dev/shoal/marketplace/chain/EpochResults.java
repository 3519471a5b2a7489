package dev.shoal.marketplace.chain;

import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * The audit results of consecutive epochs of one order, from its first unsettled epoch: one set of
 * passing replica slots per epoch ({@code passed.get(j)} holds the slots that passed epoch fromEpoch + j).
 */
public record EpochResults(UUID orderId, int fromEpoch, int replicas, List<BitSet> passed) {

    public EpochResults {
        if (replicas < 1 || replicas > 32) {
            throw new IllegalArgumentException("replicas must be 1..32: " + replicas);
        }
        if (passed.isEmpty()) {
            throw new IllegalArgumentException("no epoch to settle");
        }
        for (BitSet epoch : passed) {
            if (epoch.length() > replicas) {
                throw new IllegalArgumentException("slot " + (epoch.length() - 1) + " of an order with " + replicas + " replicas");
            }
        }
        passed = List.copyOf(passed);
    }

    /** Convenience: every epoch with the same slots passing. */
    public static EpochResults uniform(UUID orderId, int fromEpoch, int replicas, int epochs, BitSet passing) {
        return new EpochResults(orderId, fromEpoch, replicas, java.util.Collections.nCopies(epochs, passing));
    }

    public int replicaEpochs() {
        return passed.size() * replicas;
    }
}
