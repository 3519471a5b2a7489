package dev.shoal.marketplace.settlement;

import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.SlotAudit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which slots passed which escrow epochs. A slot passes an epoch when the deal holding it then had at
 * least one EPOCH audit issued in that epoch and every such audit PASSED; no decided audit is a failure.
 */
final class EpochPasses {

    private EpochPasses() {
    }

    /** The marketplace epoch containing a moment: epoch n covers [n x length, (n+1) x length) since the Unix epoch. */
    static long epochOf(long epochMillis, long atMillis) {
        return Math.floorDiv(atMillis, epochMillis);
    }

    /** The entry settling the order's escrow epochs [settledEpochs, upTo) from its slot holders' audits. */
    static SettlementEntry entry(OrderEscrow order, int upTo, List<EscrowSlot> tenures, List<SlotAudit> audits) {
        Map<Long, Boolean> verdict = new HashMap<>();
        for (SlotAudit a : audits) {
            if (!a.orderId().equals(order.orderId)) {
                continue;
            }
            long epoch = epochOf(order.epochMillis, a.issuedAt().toInstant().toEpochMilli()) - order.firstEpoch;
            if (epoch < order.settledEpochs || epoch >= upTo || holderFrom(order, tenures, a.slot(), epoch) != a.fromEpoch()) {
                continue; // outside the range, or an audit of a deal that no longer held the slot then
            }
            verdict.merge(epoch * 64 + a.slot(), a.outcome() == Audit.Outcome.PASSED, Boolean::logicalAnd);
        }
        List<Long> passed = new ArrayList<>();
        for (int epoch = order.settledEpochs; epoch < upTo; epoch++) {
            long mask = 0;
            for (int slot = 0; slot < order.replicas; slot++) {
                if (Boolean.TRUE.equals(verdict.get((long) epoch * 64 + slot))) {
                    mask |= 1L << slot;
                }
            }
            passed.add(mask);
        }
        return new SettlementEntry(order.orderId, order.settledEpochs, order.replicas, passed);
    }

    /** The start of the tenure holding a slot in an escrow epoch: the latest that began at or before it. */
    static int holderFrom(OrderEscrow order, List<EscrowSlot> tenures, int slot, long epoch) {
        int from = -1;
        for (EscrowSlot t : tenures) {
            if (t.orderId.equals(order.orderId) && t.slot == slot && t.fromEpoch <= epoch && t.fromEpoch > from) {
                from = t.fromEpoch;
            }
        }
        return from;
    }
}
