package dev.shoal.marketplace.settlement;

import java.util.List;
import java.util.UUID;

/**
 * One order's audit results in a settlement batch: escrow epochs [fromEpoch, fromEpoch + passed.size()),
 * {@code passed.get(j)} a mask with bit {@code slot} set when the slot passed epoch fromEpoch + j.
 */
public record SettlementEntry(UUID orderId, int fromEpoch, int replicas, List<Long> passed) {
}
