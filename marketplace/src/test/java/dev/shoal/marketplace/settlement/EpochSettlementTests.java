package dev.shoal.marketplace.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.chain.EpochResults;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.SlotAudit;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.shoal.marketplace.settlement.Fixtures.EPOCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class EpochSettlementTests {

    private static final long FIRST = 1_000;

    private final OrderEscrowRepository escrows = mock(OrderEscrowRepository.class);
    private final EscrowSlotRepository slots = mock(EscrowSlotRepository.class);
    private final SettlementBatchRepository batches = mock(SettlementBatchRepository.class);
    private final SettlementBatchOrderRepository members = mock(SettlementBatchOrderRepository.class);
    private final EscrowGateway chain = mock(EscrowGateway.class);
    private final ObjectMapper json = new ObjectMapper();
    private final EpochSettlement settlement = new EpochSettlement(escrows, slots, batches, members, chain,
            Fixtures.config(MarketplaceConfig.Funding.DEMO_KEY), json, new SameThread(), Fixtures.CLOCK);

    @Test
    void anEpochIsDecidedOnceItAndItsAuditsDeadlineAreOver() {
        long epoch = EPOCH.toMillis();
        assertThat(settlement.lastDecidedEpoch(Instant.ofEpochMilli(FIRST * epoch + 19_999))).isEqualTo(FIRST - 2);
        assertThat(settlement.lastDecidedEpoch(Instant.ofEpochMilli(FIRST * epoch + 20_000))).isEqualTo(FIRST - 1);
    }

    @Test
    void dueOrdersSettleAHundredABatchAndOrdersThatRevertedSettleAlone() {
        List<OrderEscrow> settling = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> settling.add(Fixtures.escrow(UUID.randomUUID(), 5, 4, FIRST, 0)));
        OrderEscrow reverted = Fixtures.escrow(UUID.randomUUID(), 5, 4, FIRST, 1);
        OrderEscrow notDue = Fixtures.escrow(UUID.randomUUID(), 5, 4, FIRST + 3, 0);
        settling.add(reverted);
        settling.add(notDue);

        List<List<OrderEscrow>> groups = EpochSettlement.groups(settling, Map.of(reverted.orderId, 1), FIRST + 1);

        assertThat(groups).extracting(List::size).containsExactly(100, 100, 50, 1);
        assertThat(groups.get(3)).containsExactly(reverted);
        assertThat(groups).noneMatch(g -> g.contains(notDue));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRoundIsPlannedUnderKeysContinuingItsNumberingWithTheOrdersCursorsMovedInTheSameTransaction() throws Exception {
        OrderEscrow healthy = Fixtures.escrow(UUID.randomUUID(), 2, 4, FIRST, 0);
        OrderEscrow reverted = Fixtures.escrow(UUID.randomUUID(), 2, 4, FIRST, 1);
        long round = FIRST + 1;
        UUID deal = UUID.randomUUID();
        when(escrows.settleReverts()).thenReturn(Uni.createFrom().item(Map.of(reverted.orderId, 1)));
        when(escrows.settling()).thenReturn(Uni.createFrom().item(List.of(healthy, reverted)));
        when(batches.countOfRound(round)).thenReturn(Uni.createFrom().item(3L));
        when(slots.ofOrders(anyCollection())).thenReturn(Uni.createFrom().item(List.of(
                EscrowSlot.of(healthy.orderId, 0, deal, 0, null), EscrowSlot.of(healthy.orderId, 1, UUID.randomUUID(), 0, null))));
        // slot 0 of the healthy order passed epochs 0 and 1; slot 1 has no audit
        when(slots.epochAudits(anyCollection(), any(), any())).thenReturn(Uni.createFrom().item(List.of(
                new SlotAudit(healthy.orderId, 0, 0, at(FIRST), Audit.Outcome.PASSED),
                new SlotAudit(healthy.orderId, 0, 0, at(FIRST + 1), Audit.Outcome.PASSED))));
        when(batches.persist(anyList())).thenReturn(Uni.createFrom().voidItem());
        when(members.persist(anyList())).thenReturn(Uni.createFrom().voidItem());
        when(escrows.moveCursor(any(), anyInt(), anyInt())).thenReturn(Uni.createFrom().item(1));

        List<SettlementBatch> planned = settlement.plan(round).await().indefinitely();

        assertThat(planned).extracting(b -> b.idempotencyKey).containsExactly("settle:" + round + ":3", "settle:" + round + ":4");
        assertThat(planned).allMatch(b -> b.status == SettlementBatch.Status.PLANNED && b.round == round);
        List<SettlementEntry> first = List.of(json.readValue(planned.get(0).entries, SettlementEntry[].class));
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(healthy.orderId);
            assertThat(e.fromEpoch()).isZero();
            assertThat(e.passed()).containsExactly(0b01L, 0b01L);
        });
        verify(escrows).moveCursor(healthy.orderId, 0, 2);
        verify(escrows).moveCursor(reverted.orderId, 1, 2);
        ArgumentCaptor<List<SettlementBatchOrder>> held = ArgumentCaptor.forClass(List.class);
        verify(members).persist(held.capture());
        assertThat(held.getValue()).extracting(m -> m.idempotencyKey, m -> m.orderId).containsExactly(
                org.assertj.core.api.Assertions.tuple("settle:" + round + ":3", healthy.orderId),
                org.assertj.core.api.Assertions.tuple("settle:" + round + ":4", reverted.orderId));
    }

    @Test
    void aConfirmedBatchIsMarkedAndItsOrdersSettleTogetherAgain() throws Exception {
        SettlementBatch batch = planned(UUID.randomUUID());
        when(chain.settle(anyList(), eq(batch.idempotencyKey))).thenReturn(Fixtures.mined("0xsettled"));
        when(escrows.clearReverts(batch.idempotencyKey)).thenReturn(Uni.createFrom().item(1));

        settlement.resendPlanned();

        assertThat(batch.status).isEqualTo(SettlementBatch.Status.CONFIRMED);
        assertThat(batch.txHash).isEqualTo("0xsettled");
        verify(escrows).clearReverts(batch.idempotencyKey);
    }

    @Test
    void aRevertedBatchPutsItsOrdersOnTheChainsCursorToSettleAlone() throws Exception {
        UUID order = UUID.randomUUID();
        SettlementBatch batch = planned(order);
        OrderEscrow escrow = Fixtures.escrow(order, 5, 4, FIRST, 2);
        when(chain.settle(anyList(), eq(batch.idempotencyKey)))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("settle reverted", "EpochAlreadySettled", "0xbad")));
        when(chain.order(order)).thenReturn(Uni.createFrom().item(Fixtures.onChain(1, 3, EscrowGateway.Status.CLOSED)));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(escrow));

        settlement.resendPlanned();

        assertThat(batch.status).isEqualTo(SettlementBatch.Status.REVERTED);
        assertThat(batch.txHash).isEqualTo("0xbad");
        assertThat(batch.error).startsWith("EpochAlreadySettled: ");
        assertThat(escrow.settledEpochs).isEqualTo(1);
        assertThat(escrow.epochs).isEqualTo(3);
        assertThat(escrow.settleReverts).isEqualTo(1);
        assertThat(escrow.status).isEqualTo(OrderEscrow.Status.CLOSED);
        verify(escrows, never()).clearReverts(any());
    }

    @Test
    void entriesBecomeEscrowBitsets() {
        EpochResults results = EpochSettlement.results(new SettlementEntry(UUID.randomUUID(), 1, 3, List.of(0b101L, 0L)));
        assertThat(results.fromEpoch()).isEqualTo(1);
        assertThat(results.passed().get(0).stream().boxed().toList()).containsExactly(0, 2);
        assertThat(results.passed().get(1).isEmpty()).isTrue();
    }

    /** A batch of one order's epochs 2 and 3, planned before, as the store returns it. */
    private SettlementBatch planned(UUID order) throws Exception {
        SettlementBatch batch = new SettlementBatch();
        batch.idempotencyKey = "settle:" + (FIRST + 3) + ":0";
        batch.round = FIRST + 3;
        batch.entries = json.writeValueAsString(List.of(new SettlementEntry(order, 2, 5, List.of(0b11111L, 0b11110L))));
        batch.status = SettlementBatch.Status.PLANNED;
        when(batches.planned()).thenReturn(Uni.createFrom().item(List.of(batch)));
        when(batches.findById(batch.idempotencyKey)).thenReturn(Uni.createFrom().item(batch));
        return batch;
    }

    private static OffsetDateTime at(long epoch) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epoch * EPOCH.toMillis() + 5_000), ZoneOffset.UTC);
    }
}
