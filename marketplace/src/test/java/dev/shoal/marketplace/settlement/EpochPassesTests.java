package dev.shoal.marketplace.settlement;

import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.SlotAudit;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EpochPassesTests {

    private static final long EPOCH = 30_000;
    private static final long FIRST = 1000;
    private final UUID order = UUID.randomUUID();

    private OrderEscrow escrow(int settled) {
        OrderEscrow e = new OrderEscrow();
        e.orderId = order;
        e.status = OrderEscrow.Status.FUNDED;
        e.maxPricePerReplicaEpoch = BigInteger.TEN;
        e.epochMillis = EPOCH;
        e.firstEpoch = FIRST;
        e.epochs = 4;
        e.replicas = 3;
        e.settledEpochs = settled;
        return e;
    }

    private SlotAudit audit(int slot, int fromEpoch, int epoch, String outcome) {
        OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochMilli((FIRST + epoch) * EPOCH + 5_000), ZoneOffset.UTC);
        return new SlotAudit(order, slot, fromEpoch, at, Audit.Outcome.valueOf(outcome));
    }

    private final List<EscrowSlot> tenures = List.of(EscrowSlot.of(order, 0, UUID.randomUUID(), 0, null),
            EscrowSlot.of(order, 1, UUID.randomUUID(), 0, null), EscrowSlot.of(order, 2, UUID.randomUUID(), 0, null),
            EscrowSlot.of(order, 2, UUID.randomUUID(), 2, null));

    @Test
    void aSlotPassesOnlyWhenEveryAuditOfItsHolderInTheEpochPassed() {
        SettlementEntry entry = EpochPasses.entry(escrow(0), 2, tenures, List.of(
                audit(0, 0, 0, "PASSED"), audit(1, 0, 0, "PASSED"), audit(1, 0, 0, "FAILED"), audit(2, 0, 0, "PENDING"),
                audit(0, 0, 1, "MISSED"), audit(1, 0, 1, "PASSED")));
        assertThat(entry.fromEpoch()).isZero();
        // epoch 0: slot 0 only (slot 1 also failed once, slot 2 undecided); epoch 1: slot 1 only (slot 2 has no audit)
        assertThat(entry.passed()).containsExactly(0b001L, 0b010L);
    }

    @Test
    void afterARepairOnlyTheNewHolderCountsAndSettledOrLaterEpochsAreIgnored() {
        SettlementEntry entry = EpochPasses.entry(escrow(2), 4, tenures, List.of(
                audit(2, 0, 2, "PASSED"), audit(2, 0, 3, "PASSED"), audit(2, 2, 3, "PASSED"),
                audit(0, 0, 1, "PASSED"), audit(0, 0, 4, "PASSED")));
        assertThat(entry.fromEpoch()).isEqualTo(2);
        assertThat(entry.passed()).containsExactly(0L, 0b100L);
    }
}
