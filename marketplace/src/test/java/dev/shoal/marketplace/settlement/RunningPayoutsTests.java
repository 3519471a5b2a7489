package dev.shoal.marketplace.settlement;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.chain.EscrowGateway.TenureOnChain;
import dev.shoal.marketplace.chain.EscrowGateway.TenureRef;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.shoal.marketplace.settlement.Fixtures.NOW;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RunningPayoutsTests {

    private final OrderEscrowRepository escrows = mock(OrderEscrowRepository.class);
    private final EscrowGateway chain = mock(EscrowGateway.class);
    private final UUID order = UUID.randomUUID();

    private RunningPayouts payouts(Duration every) {
        MarketplaceConfig config = Fixtures.config(MarketplaceConfig.Funding.DEMO_KEY);
        when(config.settlement().claimEvery()).thenReturn(every);
        return new RunningPayouts(escrows, chain, config, new SameThread());
    }

    private static TenureOnChain tenure(int index, long claimable) {
        return new TenureOnChain(index, "0xa" + index, 0, null, 0, BigInteger.valueOf(claimable), BigInteger.valueOf(42));
    }

    @Test
    void onceAPeriodEveryRunningTenureThatEarnedIsClaimedInOneTransaction() {
        when(escrows.running()).thenReturn(Uni.createFrom().item(List.of(Fixtures.escrow(order, 2, 30, 10, 7))));
        // slot 0 earned; slot 1 was repaired: its first tenure is claimed up already, the second earned
        when(chain.tenures(order, 0)).thenReturn(Uni.createFrom().item(List.of(tenure(0, 294))));
        when(chain.tenures(order, 1)).thenReturn(Uni.createFrom().item(List.of(tenure(0, 0), tenure(1, 84))));
        long period = NOW.toEpochMilli() / Duration.ofDays(7).toMillis();
        when(chain.claimMany(List.of(new TenureRef(order, 0, 0), new TenureRef(order, 1, 1)), "claims:" + period + ":0"))
                .thenReturn(Fixtures.mined("0xclaims"));

        payouts(Duration.ofDays(7)).claimEarned(NOW);

        verify(chain).claimMany(List.of(new TenureRef(order, 0, 0), new TenureRef(order, 1, 1)), "claims:" + period + ":0");
    }

    @Test
    void nothingEarnedNothingSentAndAZeroPeriodClaimsOnlyAtTheEnd() {
        when(escrows.running()).thenReturn(Uni.createFrom().item(List.of(Fixtures.escrow(order, 1, 30, 10, 7))));
        when(chain.tenures(order, 0)).thenReturn(Uni.createFrom().item(List.of(tenure(0, 0))));

        payouts(Duration.ofDays(7)).claimEarned(NOW);
        payouts(Duration.ZERO).claimEarned(NOW);

        verify(chain, never()).claimMany(any(), anyString());
        verify(chain).tenures(order, 0); // the zero period did not even look
        verify(chain, never()).tenures(order, 1);
        verify(chain, never()).claim(any(), anyInt(), anyInt(), anyString());
    }
}
