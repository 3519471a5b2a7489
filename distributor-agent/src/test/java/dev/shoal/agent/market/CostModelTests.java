package dev.shoal.agent.market;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostModelTests {

    private static CostModel defaults() {
        return new CostModel(new BigDecimal("15"), 36, new BigDecimal("0.4"), new BigDecimal("0.15"), new BigDecimal("0.2"),
                new BigDecimal("0.001"), new BigDecimal("0.3"));
    }

    @Test
    void theDefaultAskIsDiskPowerAndBandwidthPlusTheMarginPerGbMonth() {
        // disk 15/1000/36 = 0.000416667, power 0.4 W x 720 h = 0.288 kWh x 0.15 / 1000 = 0.0000432, bandwidth 0.0002
        assertThat(defaults().costPerGbMonth()).isEqualByComparingTo("0.000659866667");
        // x 1.3 = 0.000857827 sUSD: 858 units, rounded up
        assertThat(defaults().askPerGbMonth()).isEqualTo(BigInteger.valueOf(858));
    }

    @Test
    void everyFigureMovesTheAsk() {
        CostModel dearDisk = new CostModel(new BigDecimal("30"), 36, new BigDecimal("0.4"), new BigDecimal("0.15"),
                new BigDecimal("0.2"), new BigDecimal("0.001"), new BigDecimal("0.3"));
        CostModel noMargin = new CostModel(new BigDecimal("15"), 36, new BigDecimal("0.4"), new BigDecimal("0.15"),
                new BigDecimal("0.2"), new BigDecimal("0.001"), BigDecimal.ZERO);
        CostModel busyLine = new CostModel(new BigDecimal("15"), 36, new BigDecimal("0.4"), new BigDecimal("0.15"),
                new BigDecimal("2"), new BigDecimal("0.001"), new BigDecimal("0.3"));
        assertThat(dearDisk.askPerGbMonth()).isEqualTo(BigInteger.valueOf(1_400)); // (0.000833333 + 0.0000432 + 0.0002) x 1.3
        assertThat(noMargin.askPerGbMonth()).isEqualTo(BigInteger.valueOf(660));
        assertThat(busyLine.askPerGbMonth()).isEqualTo(BigInteger.valueOf(3_198)); // (0.000416667 + 0.0000432 + 0.002) x 1.3
    }

    @Test
    void theAskIsRegisteredPerGbAndMarketEpochRoundedUp() {
        assertThat(CostModel.perEpoch(BigInteger.valueOf(858), Duration.ofDays(1))).isEqualTo(BigInteger.valueOf(29)); // 28.6
        assertThat(CostModel.perEpoch(BigInteger.valueOf(900), Duration.ofDays(1))).isEqualTo(BigInteger.valueOf(30));
        assertThat(CostModel.perEpoch(BigInteger.valueOf(858), Duration.ofDays(30))).isEqualTo(BigInteger.valueOf(858));
    }

    @Test
    void negativeFiguresAndAZeroLifetimeAreRefused() {
        assertThatThrownBy(() -> new CostModel(new BigDecimal("15"), 0, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CostModel(new BigDecimal("-1"), 36, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
