package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.OrderEscrowRepository.Unfunded;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import static dev.shoal.marketplace.settlement.Fixtures.EPOCH;
import static dev.shoal.marketplace.settlement.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class EscrowFundingTests {

    private final OrderEscrowRepository escrows = mock(OrderEscrowRepository.class);
    private final EscrowSlotRepository slots = mock(EscrowSlotRepository.class);
    private final EscrowGateway chain = mock(EscrowGateway.class);
    private final UUID order = UUID.randomUUID();
    private final List<UUID> deals = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private final List<String> agents = List.of("0xa0", "0xa1", "0xa2", "0xa3", "0xa4");
    private final String creator = EscrowGateway.addressOf(DemoKeys.CREATOR_PRIVATE_KEY);

    private EscrowFunding funding(MarketplaceConfig.Funding who) {
        return new EscrowFunding(escrows, slots, chain, Fixtures.config(who), new SameThread());
    }

    /** The agents' asks per GB-epoch: one at the maximum, one at half, one unknown (placed before asks were kept), one above, one free. */
    private final List<BigInteger> asks = java.util.Arrays.asList(BigInteger.valueOf(1_000_000), BigInteger.valueOf(500_000), null,
            BigInteger.valueOf(2_000_000), BigInteger.ZERO);
    /** Their prices per replica-epoch for 83,001 bytes: the ask x size rounded up, never above the maximum's 84. */
    private final List<BigInteger> prices = List.of(BigInteger.valueOf(84), BigInteger.valueOf(42), BigInteger.valueOf(84),
            BigInteger.valueOf(84), BigInteger.ZERO);

    private void placed(String maxPricePerGbEpoch) {
        when(escrows.unfunded()).thenReturn(Uni.createFrom().item(List.of(
                new Unfunded(order, 5, 4, new BigInteger(maxPricePerGbEpoch), 83_001, deals, agents, asks))));
        when(escrows.findById(order)).thenReturn(Uni.createFrom().nullItem());
        when(escrows.persist(any(OrderEscrow.class))).thenAnswer(call -> Uni.createFrom().item((OrderEscrow) call.getArgument(0)));
        when(slots.persist(anyList())).thenReturn(Uni.createFrom().voidItem());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlacedOrderIsFundedWithTheDemoKeyAtTheMaximumFromTheNextEpochEachSlotAtItsAgentsAsk() {
        placed("1000000");
        when(chain.tokenBalance(creator)).thenReturn(Uni.createFrom().item(BigInteger.ZERO));
        when(chain.mintTestTokens(creator, BigInteger.valueOf(84 * 5 * 4), "mint:" + order)).thenReturn(Fixtures.mined("0xmint"));
        when(chain.fundOrder(DemoKeys.CREATOR_PRIVATE_KEY, order, agents, prices, 4, EPOCH, BigInteger.valueOf(84))).thenReturn(Fixtures.mined("0xfund"));

        funding(MarketplaceConfig.Funding.DEMO_KEY).fundPlacedOrders(NOW);

        ArgumentCaptor<OrderEscrow> stored = ArgumentCaptor.forClass(OrderEscrow.class);
        verify(escrows).persist(stored.capture());
        OrderEscrow e = stored.getValue();
        assertThat(e.status).isEqualTo(OrderEscrow.Status.FUNDED);
        assertThat(e.fundTx).isEqualTo("0xfund");
        assertThat(e.maxPricePerReplicaEpoch).isEqualTo(BigInteger.valueOf(84));
        assertThat(e.firstEpoch).isEqualTo(Fixtures.nowEpoch() + 1);
        assertThat(e.epochMillis).isEqualTo(EPOCH.toMillis());
        assertThat(e.fundedBy).isEqualTo(OrderEscrow.BY_DEMO_KEY);
        ArgumentCaptor<List<EscrowSlot>> held = ArgumentCaptor.forClass(List.class);
        verify(slots).persist(held.capture());
        assertThat(held.getValue()).hasSize(5);
        for (int slot = 0; slot < 5; slot++) {
            EscrowSlot s = held.getValue().get(slot);
            assertThat(s.orderId).isEqualTo(order);
            assertThat(s.slot).isEqualTo(slot);
            assertThat(s.dealId).isEqualTo(deals.get(slot));
            assertThat(s.fromEpoch).isZero();
            assertThat(s.pricePerReplicaEpoch).isEqualTo(prices.get(slot));
        }
    }

    @Test
    void termsTheEscrowWouldRefuseAreRememberedAndNeverSent() {
        placed("0");

        funding(MarketplaceConfig.Funding.DEMO_KEY).fundPlacedOrders(NOW);

        ArgumentCaptor<OrderEscrow> stored = ArgumentCaptor.forClass(OrderEscrow.class);
        verify(escrows).persist(stored.capture());
        assertThat(stored.getValue().status).isEqualTo(OrderEscrow.Status.REFUSED);
        assertThat(stored.getValue().error).startsWith("InvalidTerms: ");
        verify(slots, never()).persist(anyList());
        verifyNoInteractions(chain);
    }

    @Test
    void aNodeOutageLeavesTheOrderForTheNextTick() {
        placed("1000000");
        when(chain.tokenBalance(creator)).thenReturn(Uni.createFrom().item(BigInteger.TEN.pow(30)));
        when(chain.fundOrder(DemoKeys.CREATOR_PRIVATE_KEY, order, agents, prices, 4, EPOCH, BigInteger.valueOf(84)))
                .thenReturn(Uni.createFrom().failure(new ChainTransactionException("connection refused", null, null)));

        assertThatThrownBy(() -> funding(MarketplaceConfig.Funding.DEMO_KEY).fundPlacedOrders(NOW))
                .isInstanceOf(ChainTransactionException.class);
        verify(escrows, never()).persist(any(OrderEscrow.class));
    }

    @Test
    void whereCreatorsFundTheirOrdersTheJobFundsNone() {
        funding(MarketplaceConfig.Funding.CREATOR).fundPlacedOrders(NOW);

        verifyNoInteractions(escrows, slots, chain);
    }

    @Test
    void anOrderThatHasAnEscrowKeepsIt() {
        OrderEscrow existing = Fixtures.escrow(order, 5, 4, 10, 0);
        when(escrows.findById(order)).thenReturn(Uni.createFrom().item(existing));

        boolean stored = funding(MarketplaceConfig.Funding.DEMO_KEY).record(Fixtures.escrow(order, 5, 4, 11, 0), deals, prices)
                .await().indefinitely();

        assertThat(stored).isFalse();
        verify(escrows, never()).persist(any(OrderEscrow.class));
        verifyNoInteractions(slots);
    }
}
