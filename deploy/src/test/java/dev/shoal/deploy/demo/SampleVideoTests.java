package dev.shoal.deploy.demo;

import dev.shoal.contracts.money.Susd;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SampleVideoTests {

    /** The local stack's epochs (the marketplace's {@code %dev} profile): 30 s. */
    private static final Duration DEMO_EPOCH = Duration.ofSeconds(30);

    @Test
    void theSamplesMaximumIsOneUnitPerGbEpochOnTheDemosEpochs() {
        // a maximum rounds down: anything under 0.0864 sUSD per GB-month is 0 units per 30 s GB-epoch, which no agent's ask fits
        BigInteger max = Susd.maxPerEpoch(Susd.parse(SampleVideo.MAX_PRICE_PER_GB_MONTH), DEMO_EPOCH);
        assertThat(max).isEqualTo(BigInteger.ONE);
        // and the agents' default ask (0.000858 sUSD per GB-month, docs/economics.md) comes to that one unit
        assertThat(Susd.perEpoch(Susd.parse("0.000858"), DEMO_EPOCH)).isEqualTo(max);
    }
}
