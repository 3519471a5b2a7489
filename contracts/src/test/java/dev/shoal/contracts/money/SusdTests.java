package dev.shoal.contracts.money;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sUSD amounts as people write them, and prices per GB-month as the escrow counts them per GB-epoch. */
class SusdTests {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration DEMO = Duration.ofSeconds(30);

    private static BigInteger units(long n) {
        return BigInteger.valueOf(n);
    }

    @Test
    void amountsAreSixDecimals() {
        assertThat(Susd.parse("0.004")).isEqualTo(units(4_000));
        assertThat(Susd.format(units(142_200))).isEqualTo("0.142200 sUSD");
        assertThatThrownBy(() -> Susd.parse("0.0000001")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Susd.parse("-1")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void anAskIsRoundedUpSoAnAgentIsNeverPaidLessThanItAsks() {
        assertThat(Susd.perEpoch(units(858), DAY)).isEqualTo(units(29)); // 28.6
        assertThat(Susd.perEpoch(units(4_000), DEMO)).isEqualTo(units(1)); // 0.046
        assertThat(Susd.perEpoch(units(900), DAY)).isEqualTo(units(30));
    }

    @Test
    void aMaximumIsRoundedDownSoACreatorNeverPaysMoreThanItGave() {
        assertThat(Susd.maxPerEpoch(units(4_000), DAY)).isEqualTo(units(133)); // 133.3: 3,990 units a GB-month, not 4,020
        assertThat(Susd.maxPerEpoch(units(1_000), DAY)).isEqualTo(units(33));
        assertThat(Susd.maxPerEpoch(units(900), DAY)).isEqualTo(units(30));
        // 0.004 sUSD per GB-month on 30 s epochs is 0.046 units per GB-epoch: nothing, where rounding up made it 0.0864
        assertThat(Susd.maxPerEpoch(units(4_000), DEMO)).isZero();
        assertThat(Susd.maxPerEpoch(units(86_400), DEMO)).isEqualTo(units(1));
        assertThat(Susd.maxPerEpoch(units(100_000), DEMO)).isEqualTo(units(1));
        for (long perMonth : new long[] {1, 29, 4_000, 86_399, 86_400, 100_000, 999_999}) {
            for (Duration epoch : new Duration[] {DEMO, Duration.ofHours(1), Duration.ofHours(7), DAY}) {
                BigInteger max = Susd.maxPerEpoch(units(perMonth), epoch);
                assertThat(Susd.perMonth(max, epoch)).as("%d units a GB-month on %s epochs", perMonth, epoch).isLessThanOrEqualTo(units(perMonth));
                assertThat(Susd.perEpoch(units(perMonth), epoch).subtract(max)).isBetween(BigInteger.ZERO, BigInteger.ONE);
            }
        }
    }

    @Test
    void aStepIsOneUnitPerGbEpochAsAPricePerGbMonth() {
        assertThat(Susd.step(DEMO)).isEqualTo(units(86_400)); // 0.0864 sUSD
        assertThat(Susd.step(DAY)).isEqualTo(units(30));
        assertThat(Susd.step(Duration.ofHours(7))).isEqualTo(units(103)); // 102.9 GB-epochs a month
        assertThat(Susd.maxPerEpoch(Susd.step(DEMO), DEMO)).isEqualTo(units(1));
        assertThat(Susd.maxPerEpoch(Susd.step(Duration.ofHours(7)), Duration.ofHours(7))).isEqualTo(units(1));
    }

    @Test
    void anAskShownPerGbMonthIsAMaximumThatTakesIt() {
        // 1 unit per 7 h GB-epoch is 102.9 units a GB-month: shown as 103, since a maximum of 102 would count as 0
        assertThat(Susd.askPerMonth(units(1), Duration.ofHours(7))).isEqualTo(units(103));
        assertThat(Susd.perMonth(units(1), Duration.ofHours(7))).isEqualTo(units(102));
        assertThat(Susd.askPerMonth(units(29), DAY)).isEqualTo(units(870));
        for (long ask : new long[] {1, 2, 29, 133, 5_000}) {
            for (Duration epoch : new Duration[] {DEMO, Duration.ofHours(1), Duration.ofHours(7), Duration.ofHours(13), DAY}) {
                assertThat(Susd.maxPerEpoch(Susd.askPerMonth(units(ask), epoch), epoch)).as("%d units on %s epochs", ask, epoch)
                        .isGreaterThanOrEqualTo(units(ask));
            }
        }
    }

    @Test
    void aTermInMonthsIsWholeEpochs() {
        assertThat(Susd.epochsIn(Susd.MONTH, DAY)).isEqualTo(30);
        assertThat(Susd.epochsIn(Susd.MONTH, DEMO)).isEqualTo(86_400);
        assertThat(Susd.epochsIn(Susd.MONTH, Duration.ofHours(7))).isEqualTo(103);
    }

    @Test
    void aReplicaEpochCostsThePricePerGbTimesTheSizeRoundedUpToTheUnit() {
        assertThat(Susd.perReplicaEpoch(BigInteger.valueOf(1_000_000), 83_001)).isEqualTo(BigInteger.valueOf(84));
        assertThat(Susd.perReplicaEpoch(BigInteger.valueOf(2), 1_000_000_000)).isEqualTo(BigInteger.TWO);
        assertThat(Susd.perReplicaEpoch(BigInteger.ZERO, 5)).isZero();
    }
}
