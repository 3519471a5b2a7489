package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.PendingRepair;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RepairHandoverTests {

    private final EscrowSlotRepository slots = mock(EscrowSlotRepository.class);
    private final OrderEscrowRepository escrows = mock(OrderEscrowRepository.class);
    private final EscrowGateway chain = mock(EscrowGateway.class);
    private final RepairHandover handover = new RepairHandover(slots, escrows, chain, new SameThread());
    private final UUID order = UUID.randomUUID();
    private final UUID repair = UUID.randomUUID();
    private final PendingRepair pending = new PendingRepair(order, 3, repair, "0xnew", BigInteger.valueOf(500_000), 83_001,
            BigInteger.valueOf(84)); // its agent asks half the maximum: 42 units per replica-epoch;

    @BeforeEach
    void aRepairDealWaitsForItsSlot() {
        when(slots.pendingRepairs()).thenReturn(Uni.createFrom().item(List.of(pending)));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(Fixtures.escrow(order, 5, 4, 10, 2)));
        when(slots.holds(repair)).thenReturn(Uni.createFrom().item(false));
        when(slots.findById(any(EscrowSlot.Key.class))).thenReturn(Uni.createFrom().nullItem());
        when(slots.persist(any(EscrowSlot.class))).thenAnswer(call -> Uni.createFrom().item((EscrowSlot) call.getArgument(0)));
    }

    @Test
    void theRepairDealHoldsTheSlotFromTheOrdersNextUnsettledEpochAtItsOwnAsk() {
        when(chain.replaceAgent(order, 3, "0xnew", BigInteger.valueOf(42), "replace:" + repair)).thenReturn(Fixtures.mined("0xhand"));

        handover.handOverRepairedSlots();

        EscrowSlot held = stored();
        assertThat(held.orderId).isEqualTo(order);
        assertThat(held.slot).isEqualTo(3);
        assertThat(held.dealId).isEqualTo(repair);
        assertThat(held.fromEpoch).isEqualTo(2);
        assertThat(held.txHash).isEqualTo("0xhand");
        assertThat(held.pricePerReplicaEpoch).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void aSlotTheEscrowWillNotHandOverIsStillRecordedSoItIsNotAskedAgain() {
        when(chain.replaceAgent(order, 3, "0xnew", BigInteger.valueOf(42), "replace:" + repair))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("every epoch is settled", "EpochOutOfRange", null)));

        handover.handOverRepairedSlots();

        assertThat(stored().txHash).isNull();
    }

    @Test
    void aNodeOutageRecordsNothing() {
        when(chain.replaceAgent(order, 3, "0xnew", BigInteger.valueOf(42), "replace:" + repair))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("timeout", null, null)));

        assertThatThrownBy(handover::handOverRepairedSlots).isInstanceOf(ChainTransactionException.class);
        verify(slots, never()).persist(any(EscrowSlot.class));
    }

    @Test
    void aDealThatHoldsASlotAlreadyIsNotRecordedTwice() {
        when(slots.holds(repair)).thenReturn(Uni.createFrom().item(true));
        when(chain.replaceAgent(order, 3, "0xnew", BigInteger.valueOf(42), "replace:" + repair)).thenReturn(Fixtures.mined("0xhand"));

        handover.handOverRepairedSlots();

        verify(slots, never()).persist(any(EscrowSlot.class));
    }

    private EscrowSlot stored() {
        ArgumentCaptor<EscrowSlot> held = ArgumentCaptor.forClass(EscrowSlot.class);
        verify(slots).persist(held.capture());
        return held.getValue();
    }
}
