package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import io.smallrye.mutiny.Uni;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** What the settlement services' fast tests share: the market's clock and settings, escrows, chain answers. */
final class Fixtures {

    static final Duration EPOCH = Duration.ofSeconds(30);
    static final Duration AUDIT_DEADLINE = Duration.ofSeconds(20);
    static final Instant NOW = Instant.parse("2026-12-04T10:00:10Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static MarketplaceConfig config(MarketplaceConfig.Funding funding) {
        MarketplaceConfig config = mock(MarketplaceConfig.class, RETURNS_DEEP_STUBS);
        when(config.market().epoch()).thenReturn(EPOCH);
        when(config.market().auditDeadline()).thenReturn(AUDIT_DEADLINE);
        when(config.settlement().funding()).thenReturn(funding);
        return config;
    }

    static OrderEscrow escrow(UUID order, int replicas, int epochs, long firstEpoch, int settledEpochs) {
        OrderEscrow e = new OrderEscrow();
        e.orderId = order;
        e.status = OrderEscrow.Status.FUNDED;
        e.creator = "0xc0";
        e.maxPricePerReplicaEpoch = BigInteger.valueOf(84);
        e.epochMillis = EPOCH.toMillis();
        e.firstEpoch = firstEpoch;
        e.epochs = epochs;
        e.replicas = replicas;
        e.settledEpochs = settledEpochs;
        e.fundedBy = OrderEscrow.BY_DEMO_KEY;
        return e;
    }

    static Uni<ChainReceipt> mined(String txHash) {
        return Uni.createFrom().item(new ChainReceipt(txHash, 7, 100, 21_000, Optional.empty()));
    }

    static EscrowGateway.OrderOnChain onChain(int settledEpochs, int epochs, EscrowGateway.Status status) {
        return new EscrowGateway.OrderOnChain(BigInteger.valueOf(84), 0, settledEpochs, epochs, 5, status, "0xc0", 0, 30, 4, BigInteger.ZERO);
    }

    /** The epoch containing {@link #NOW}. */
    static long nowEpoch() {
        return NOW.toEpochMilli() / EPOCH.toMillis();
    }
}
