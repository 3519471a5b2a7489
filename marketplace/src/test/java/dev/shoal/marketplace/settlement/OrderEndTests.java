package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway.TenureOnChain;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.order.OrderService;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class OrderEndTests {

    private final OrderEscrowRepository escrows = mock(OrderEscrowRepository.class);
    private final EscrowGateway chain = mock(EscrowGateway.class);
    private final OrderService orders = mock(OrderService.class);
    private final OrderEnd end = new OrderEnd(escrows, chain, orders, new SameThread(), Fixtures.CLOCK);
    private final UUID order = UUID.randomUUID();
    private final OrderEscrow escrow = Fixtures.escrow(order, 2, 4, 1_000, 1);

    @Test
    void aCancelledOrdersEscrowIsCancelledAndEndsWhereTheChainSays() {
        when(escrows.cancelledOffChain()).thenReturn(Uni.createFrom().item(List.of(order)));
        when(chain.cancel(order)).thenReturn(Fixtures.mined("0xcancel"));
        when(chain.order(order)).thenReturn(Uni.createFrom().item(Fixtures.onChain(1, 2, EscrowGateway.Status.CANCELLED)));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(escrow));

        end.cancelOnChain();

        assertThat(escrow.cancelTx).isEqualTo("0xcancel");
        assertThat(escrow.epochs).isEqualTo(2);
    }

    @Test
    void anEscrowItsCreatorEndedOnChainAlreadyTakesTheChainsEnd() {
        when(escrows.cancelledOffChain()).thenReturn(Uni.createFrom().item(List.of(order)));
        when(chain.cancel(order)).thenReturn(Uni.createFrom().failure(new ChainTransactionException("closed", "NotCancellable", null)));
        // settled further than the chain's end: the escrow never ends before what is settled
        when(chain.order(order)).thenReturn(Uni.createFrom().item(Fixtures.onChain(1, 0, EscrowGateway.Status.CLOSED)));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(escrow));

        end.cancelOnChain();

        assertThat(escrow.cancelTx).isEqualTo("none: NotCancellable");
        assertThat(escrow.epochs).isEqualTo(1);
    }

    @Test
    void anOrderSettledToItsEndIsPaidOutOnceThenExpires() {
        when(escrows.settledToTheEnd()).thenReturn(Uni.createFrom().item(List.of(escrow)));
        when(chain.tenures(order, 0)).thenReturn(Uni.createFrom().item(List.of(
                new TenureOnChain(0, "0xa0", 0, null, 1, BigInteger.valueOf(168), BigInteger.valueOf(84)))));
        when(chain.tenures(order, 1)).thenReturn(Uni.createFrom().item(List.of(
                new TenureOnChain(0, "0xa1", 0, 2, 4, BigInteger.ZERO, BigInteger.valueOf(84)),
                new TenureOnChain(1, "0xa2", 2, null, 2, BigInteger.valueOf(84), BigInteger.valueOf(84)))));
        when(chain.claim(order, 0, 0, "claim:" + order + ":0:0:end")).thenReturn(Fixtures.mined("0xc0"));
        // someone else claimed this one meanwhile: nothing to claim is no failure
        when(chain.claim(order, 1, 1, "claim:" + order + ":1:1:end"))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("claimed", "NothingToClaim", null)));
        when(chain.refundable(order)).thenReturn(Uni.createFrom().item(BigInteger.valueOf(84)));
        when(chain.releaseRefund(order, "refund:" + order + ":end")).thenReturn(Fixtures.mined("0xr"));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(escrow));
        when(orders.expire(order)).thenReturn(Uni.createFrom().voidItem());

        end.payOutEndedOrders();

        verify(chain, never()).claim(eq(order), eq(1), eq(0), anyString());
        verify(chain).releaseRefund(order, "refund:" + order + ":end");
        assertThat(escrow.paidOutAt).isEqualTo(OffsetDateTime.now(Fixtures.CLOCK));
        verify(orders).expire(order);
    }

    @Test
    void aClaimThatFailsOtherwiseLeavesTheOrderForTheNextTick() {
        when(escrows.settledToTheEnd()).thenReturn(Uni.createFrom().item(List.of(escrow)));
        when(chain.tenures(order, 0)).thenReturn(Uni.createFrom().item(List.of(
                new TenureOnChain(0, "0xa0", 0, null, 1, BigInteger.valueOf(168), BigInteger.valueOf(84)))));
        when(chain.claim(eq(order), eq(0), anyInt(), anyString()))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("node down", null, null)));

        org.assertj.core.api.Assertions.assertThatThrownBy(end::payOutEndedOrders).isInstanceOf(ChainTransactionException.class);
        assertThat(escrow.paidOutAt).isNull();
        verify(orders, never()).expire(order);
    }
}
