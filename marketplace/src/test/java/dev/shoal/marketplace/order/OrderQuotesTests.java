package dev.shoal.marketplace.order;

import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quote's arithmetic: asks per GB-epoch to sUSD per GB-month, the term's total per replica, gas and S3. */
class OrderQuotesTests {

    private static final EconomicsConfig ECONOMICS = new EconomicsConfig() {
        public BigDecimal gasPriceGwei() {
            return new BigDecimal("0.01");
        }

        public BigDecimal ethPriceUsd() {
            return new BigDecimal("3000");
        }

        public long settlementGasPerReplicaEpoch() {
            return 2_000;
        }

        public long claimGasPerReplicaDay() {
            return 1_000;
        }

        public BigDecimal s3PricePerGbMonth() {
            return new BigDecimal("0.023");
        }
    };

    private final OrderQuotes quotes = new OrderQuotes(null, null, null, ECONOMICS);

    @Test
    void aYearOfFiveReplicasOfAnHourOf1080pAtTheAgentsOwnAsks() {
        // 2.7 GB for 12 months of daily epochs (360); asks of 29 and 30 units per GB-epoch
        List<ReplicaPlacement.Offer> chosen = List.of(
                new ReplicaPlacement.Offer("0xa0", "eu", BigInteger.valueOf(29)), new ReplicaPlacement.Offer("0xa1", "us", BigInteger.valueOf(29)),
                new ReplicaPlacement.Offer("0xa2", "eu", BigInteger.valueOf(29)), new ReplicaPlacement.Offer("0xa3", "us", BigInteger.valueOf(30)),
                new ReplicaPlacement.Offer("0xa4", "eu", BigInteger.valueOf(30)));
        StorageQuote q = quotes.quote("c0", 2_700_000_000L, 5, 12, BigInteger.valueOf(1_000), chosen, Duration.ofDays(1));

        assertThat(q.epochs()).isEqualTo(360);
        assertThat(q.epochSeconds()).isEqualTo(86_400);
        // 29 x 2.7 = 78.3 -> 79 units per epoch, x 360 = 28,440 units; 30 x 2.7 = 81 units, x 360 = 29,160
        assertThat(q.perReplica()).extracting(StorageQuote.ReplicaQuote::pricePerEpoch)
                .containsExactly("0.000079", "0.000079", "0.000079", "0.000081", "0.000081");
        assertThat(q.perReplica().get(0).total()).isEqualTo("0.028440");
        assertThat(q.perReplica().get(0).askPerGbMonth()).isEqualTo("0.000870"); // 29 x 30 days
        assertThat(q.storage()).isEqualTo("0.143640"); // 3 x 28,440 + 2 x 29,160
        // the maximum of 1,000 units per GB-month is 33 per GB-day (33.3, rounded down: the creator never pays more than
        // it gave): 90 units per replica-epoch (89.1) escrowed for 1,800 replica-epochs
        assertThat(q.maxPricePerGbMonth()).isEqualTo("0.001000");
        assertThat(q.escrowed()).isEqualTo("0.162000");
        // gas: 2,000 x 360 x 5 + 1,000 x 360 x 5 = 5,400,000 at 0.01 gwei = 0.000054 ETH = 0.162 USD
        assertThat(q.gas().units()).isEqualTo(5_400_000);
        assertThat(q.gas().cost()).isEqualTo("0.162000");
        assertThat(q.total()).isEqualTo("0.305640");
        // S3: 0.023 x 2.7 x 12 = 0.7452
        assertThat(q.s3().total()).isEqualTo("0.745200");
        assertThat(q.ratioToS3()).isEqualTo("0.41");
    }

    @Test
    void aMaximumBelowEveryAskNamesTheLowestAskAndWhatTheEpochsMadeOfTheMaximum() {
        // 0.004 sUSD per GB-month on 30 s epochs: 0 whole units per GB-epoch; the demo's agents ask 1 (0.0864 a GB-month)
        Duration demo = Duration.ofSeconds(30);
        ProblemException refused = OrderQuotes.belowAsks(BigInteger.valueOf(4_000), dev.shoal.contracts.money.Susd.maxPerEpoch(
                BigInteger.valueOf(4_000), demo), BigInteger.ONE, demo, "maxPricePerGbMonth");
        assertThat(refused.type()).isEqualTo(ProblemType.PRICE_BELOW_ASKS);
        assertThat(refused.getMessage()).isEqualTo("the maximum of 0.004000 sUSD per GB-month (0.000000 as the escrow counts it: 0"
                + " units per GB-epoch of 30 s, and prices here come in steps of 0.086400) is below every agent's ask; the lowest ask is"
                + " 0.086400 sUSD per GB-month");
        assertThat(refused.extensions()).containsEntry("field", "maxPricePerGbMonth").containsEntry("lowestAskPerGbMonth", "0.086400")
                .containsEntry("lowestAskPerGbEpochWei", "1");
        // where the epochs count the maximum exactly, the detail says only what the creator gave
        assertThat(OrderQuotes.belowAsks(BigInteger.valueOf(900), BigInteger.valueOf(30), BigInteger.valueOf(31), Duration.ofDays(1),
                "maxPricePerGbMonth").getMessage()).isEqualTo("the maximum of 0.000900 sUSD per GB-month is below every agent's ask; the"
                + " lowest ask is 0.000930 sUSD per GB-month");
    }

    @Test
    void aTermOfZeroAndABadMaximumAreProblems() {
        assertThatThrownBy(() -> quotes.quote("me", new StorageQuote.Request("c0", 5, 0, null)).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST));
        assertThatThrownBy(() -> quotes.quote("me", new StorageQuote.Request("c0", 4, 12, null)).await().indefinitely())
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> OrderQuotes.price("-1")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> OrderQuotes.price("0.0000001")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> OrderQuotes.price("0")).isInstanceOf(ProblemException.class);
        assertThat(OrderQuotes.price("0.004")).isEqualTo(BigInteger.valueOf(4_000));
    }
}
