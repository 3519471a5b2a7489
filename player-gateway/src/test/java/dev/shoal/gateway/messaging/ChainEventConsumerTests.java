package dev.shoal.gateway.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.wire.Golden;
import dev.shoal.gateway.tips.TipLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer's half of the contract: the golden chain events read as the tip ledger's facts; what it cannot read, it skips and counts. */
class ChainEventConsumerTests {

    @Test
    void theGoldenTipSplitIsTheLedgersTipSplit() {
        ChainEventConsumer.Applicable read = ChainEventConsumer.read(Golden.text(Golden.TIP_SPLIT)).orElseThrow();
        assertThat(read.id()).isEqualTo(UUID.fromString("0b6f2d64-6c3e-4b0a-9f2e-1d7c5a3e9b09"));
        assertThat(read.fact()).isEqualTo(new TipLedger.ChainTipSplit(read.id(),
                "0x8e3f0d2a4b6c8e0f1a3c5e7092b4d6f8a0c2e4f6081a3c5e7f9b1d3f5a7c9e0b", BigInteger.valueOf(7),
                "e470ce5970e844dad8a420d4d0e7f95547ab70dfc0538d83a62523176e5b6888",
                "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "0x686acba28d8d188ff9f40d9da79d5382055de4f9",
                new BigInteger("1000000000000000000"), new BigInteger("800000000000000000"), new BigInteger("150000000000000000"),
                new BigInteger("50000000000000000"), "0x2c5ea2e5a2f3b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3", 42,
                OffsetDateTime.parse("2026-12-05T10:15:30.123Z")));
    }

    @Test
    void theGoldenWithdrawalIsTheLedgersWithdrawal() {
        ChainEventConsumer.Applicable read = ChainEventConsumer.read(Golden.text(Golden.WITHDRAWN)).orElseThrow();
        assertThat(read.fact()).isEqualTo(new TipLedger.ChainWithdrawal(read.id(), "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                new BigInteger("150000000000000000"), "0x5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e", 43,
                OffsetDateTime.parse("2026-12-05T10:15:30.123Z")));
    }

    @Test
    void theMarketplacesOtherFactsAreNotTheGatewaysToApply() {
        for (String other : Golden.EVENTS) {
            if (!other.equals(Golden.TIP_SPLIT) && !other.equals(Golden.WITHDRAWN)) {
                assertThat(ChainEventConsumer.read(Golden.text(other))).as(other).isEmpty();
            }
        }
        ObjectNode escrow = (ObjectNode) Golden.tree(Golden.WITHDRAWN);
        ((ObjectNode) escrow.get("data")).put("contract", "StorageEscrow");
        assertThat(ChainEventConsumer.read(escrow.toString())).isEmpty();
    }

    @Test
    void anEventInAVersionThisGatewayDoesNotReadIsSkippedAndCounted() {
        ObjectNode newer = (ObjectNode) Golden.tree(Golden.TIP_SPLIT);
        newer.put("version", 2);
        assertThatThrownBy(() -> ChainEventConsumer.read(newer.toString())).isInstanceOf(UnknownVersionException.class);

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // no repository and no ledger: a skipped event touches neither
        ChainEventConsumer consumer = new ChainEventConsumer(null, null, metrics);
        consumer.consume(newer.toString()).await().atMost(Duration.ofSeconds(5));
        consumer.consume("{ not an event").await().atMost(Duration.ofSeconds(5));
        assertThat(metrics.counter("shoal.events.skipped", "topic", "shoal.events", "reason", "unknown-version").count()).isEqualTo(1);
        assertThat(metrics.counter("shoal.events.skipped", "topic", "shoal.events", "reason", "unreadable").count()).isEqualTo(1);
    }
}
