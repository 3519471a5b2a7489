package dev.shoal.gateway.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's split is the contract's: shares of the amount rounded down, the rest (dust, absent shares) to the creator. */
class SharesTests {

    private static final Shares LOCAL = new Shares(8000, 1500, 500);

    @Test
    void theServingNodeAndLocatorGetTheirSharesRoundedDownAndTheCreatorTheRest() {
        Shares.Split s = LOCAL.split(new BigInteger("1000000000000001"), true, true);
        assertThat(s.servingWei()).isEqualTo(new BigInteger("150000000000000"));
        assertThat(s.locatorWei()).isEqualTo(new BigInteger("50000000000000"));
        assertThat(s.creatorWei()).isEqualTo(new BigInteger("800000000000001"));

        Shares.Split tiny = LOCAL.split(BigInteger.valueOf(19), true, true);
        assertThat(tiny.servingWei()).isEqualTo(BigInteger.TWO);   // 19 * 1500 / 10000 = 2.85
        assertThat(tiny.locatorWei()).isEqualTo(BigInteger.ZERO);  // 0.95
        assertThat(tiny.creatorWei()).isEqualTo(BigInteger.valueOf(17));
    }

    @Test
    void aSessionServedByPeersOnlyLeavesTheServingShareToTheCreator() {
        Shares.Split s = LOCAL.split(BigInteger.valueOf(10_000), false, true);
        assertThat(s.servingWei()).isZero();
        assertThat(s.locatorWei()).isEqualTo(BigInteger.valueOf(500));
        assertThat(s.creatorWei()).isEqualTo(BigInteger.valueOf(9_500));
        assertThat(LOCAL.split(BigInteger.valueOf(10_000), false, false).creatorWei()).isEqualTo(BigInteger.valueOf(10_000));
    }

    @Test
    void everyTipIsSplitToTheWeiWhateverTheShares() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            int serving = random.nextInt(0, 10_001);
            int locator = random.nextInt(0, 10_001 - serving);
            Shares shares = new Shares(10_000 - serving - locator, serving, locator);
            BigInteger amount = new BigInteger(random.nextInt(1, 200), new java.util.Random(random.nextLong())).add(BigInteger.ONE);
            Shares.Split s = shares.split(amount, random.nextBoolean(), random.nextBoolean());
            assertThat(s.total()).isEqualTo(amount);
            assertThat(s.creatorWei().signum()).isGreaterThanOrEqualTo(0);
            // the contract's own arithmetic, written out again
            assertThat(s.servingWei()).isIn(BigInteger.ZERO, amount.multiply(BigInteger.valueOf(serving)).divide(BigInteger.valueOf(10_000)));
        }
    }

    @Test
    void sharesSumToTenThousandAndATipIsMoreThanZero() {
        assertThatThrownBy(() -> new Shares(8000, 1500, 499)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shares(10_001, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOCAL.split(BigInteger.ZERO, true, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
