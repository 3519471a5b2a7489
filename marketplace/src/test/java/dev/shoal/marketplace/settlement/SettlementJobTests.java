package dev.shoal.marketplace.settlement;

import dev.shoal.service.scheduling.JobLease;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static dev.shoal.marketplace.settlement.Fixtures.NOW;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class SettlementJobTests {

    private final EpochSettlement settlement = mock(EpochSettlement.class);
    private final EscrowFunding funding = mock(EscrowFunding.class);
    private final RepairHandover repairs = mock(RepairHandover.class);
    private final OrderEnd ends = mock(OrderEnd.class);
    private final RunningPayouts payouts = mock(RunningPayouts.class);
    private final JobLease lease = mock(JobLease.class);
    private final SettlementJob job = new SettlementJob(settlement, funding, repairs, ends, payouts, Fixtures.CLOCK, lease);

    @Test
    void aTickResendsThenFundsHandsOverEndsAndLastSettlesTheEpochsDecidedByNow() {
        job.runOnce(NOW);

        InOrder order = inOrder(settlement, funding, repairs, ends, payouts);
        order.verify(settlement).resendPlanned();
        order.verify(funding).fundPlacedOrders(NOW);
        order.verify(repairs).handOverRepairedSlots();
        order.verify(ends).cancelOnChain();
        // paid out on the tick after an order's last batch is confirmed, before new batches are planned
        order.verify(ends).payOutEndedOrders();
        order.verify(settlement).settleEndedEpochs(NOW);
        // agents paid as they go: what the settled epochs earned, claimed once per claim period
        order.verify(payouts).claimEarned(NOW);
    }

    @Test
    void theScheduleRunsATickAsOfTheClockAndAFailedTickIsNotThrown() {
        when(lease.heldNow()).thenReturn(true);
        doThrow(new IllegalStateException("database down")).when(funding).fundPlacedOrders(NOW);

        job.scheduled();

        verify(settlement).resendPlanned();
        verify(funding).fundPlacedOrders(NOW);
    }

    @Test
    void theScheduleDoesNothingOnAnInstanceWithoutTheJobsLease() {
        when(lease.heldNow()).thenReturn(false);

        job.scheduled();

        verifyNoInteractions(settlement, funding, repairs, ends, payouts);
    }
}
