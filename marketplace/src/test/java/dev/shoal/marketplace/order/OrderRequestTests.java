package dev.shoal.marketplace.order;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An order's public form is a price per GB-month in sUSD, its term months or epochs; the per-epoch price is only read, deprecated. */
class OrderRequestTests {

    private static final Duration EPOCH = Duration.ofSeconds(30);
    private static final String CONTENT = "a".repeat(64);

    @Test
    void aPricePerGbMonthWithATermInEpochsIsTheEscrowsPricePerEpochExactly() {
        OrderService.OrderRequest inEpochs = OrderService.OrderRequest.perGbMonth(CONTENT, 5, 4, "432").inEpochs(EPOCH);
        assertThat(inEpochs.epochs()).isEqualTo(4);
        // 432 sUSD per GB-month over 86,400 epochs of 30 s in 30 days: 5,000 units per GB-epoch
        assertThat(inEpochs.maxPricePerGbEpochWei()).isEqualTo("5000");
        assertThat(OrderService.validate(inEpochs)).isEqualTo(java.math.BigInteger.valueOf(5000));
    }

    @Test
    void aTermInMonthsBecomesEpochs() {
        OrderService.OrderRequest inEpochs = new OrderService.OrderRequest(CONTENT, 5, null, null, 1, "0.004").inEpochs(EPOCH);
        assertThat(inEpochs.epochs()).isEqualTo(86_400);
        // 4,000 units a GB-month is 0.046 per 30 s GB-epoch: a maximum rounds down, so nothing (no ask fits: 422 at placing)
        assertThat(inEpochs.maxPricePerGbEpochWei()).as("a maximum is rounded down").isEqualTo("0");
        assertThat(new OrderService.OrderRequest(CONTENT, 5, null, null, 1, "0.0864").inEpochs(EPOCH).maxPricePerGbEpochWei()).isEqualTo("1");
        assertThat(new OrderService.OrderRequest(CONTENT, 5, null, null, 1, "0.17").inEpochs(EPOCH).maxPricePerGbEpochWei()).isEqualTo("1");
    }

    @Test
    void oneTermAndOnePriceAreRequired() {
        assertThatThrownBy(() -> new OrderService.OrderRequest(CONTENT, 5, 4, "5000", null, "432").inEpochs(EPOCH))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.extensions()).containsEntry("field", "maxPricePerGbEpochWei");
                });
        assertThatThrownBy(() -> new OrderService.OrderRequest(CONTENT, 5, 4, null, 1, "432").inEpochs(EPOCH))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.extensions()).containsEntry("field", "epochs"));
        assertThatThrownBy(() -> new OrderService.OrderRequest(CONTENT, 5, null, null, null, "432").inEpochs(EPOCH))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.extensions()).containsEntry("field", "months"));
        assertThatThrownBy(() -> new OrderService.OrderRequest(CONTENT, 5, null, null, 12, null).inEpochs(EPOCH))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.extensions()).containsEntry("field", "maxPricePerGbMonth"));
    }

    @Test
    void theDeprecatedPricePerEpochIsStillReadButNeverAnswered() {
        OrderService.OrderRequest old = new OrderService.OrderRequest(CONTENT, 5, 4, "5000", null, null);
        assertThat(old.inEpochs(EPOCH)).isSameAs(old);
        assertThat(OrderService.validate(old)).isEqualTo(java.math.BigInteger.valueOf(5000));
        assertThat(Arrays.stream(OrderResource.OrderView.class.getRecordComponents()).map(c -> c.getName()))
                .contains("maxPricePerGbMonth", "epochSeconds").doesNotContain("maxPricePerGbEpochWei");
    }

    @Test
    void aForksOrderMustCoverTheConsentsTermAndItsReplicas() {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
        long termEnd = now.plus(Duration.ofDays(90)).getEpochSecond();
        OrderRepository.ForkTerms agreed = new OrderRepository.ForkTerms(7, termEnd);
        OrderService.OrderRequest threeMonths = new OrderService.OrderRequest(CONTENT, 7, null, null, 3, "1").inEpochs(EPOCH);
        OrderService.forkTerms(agreed, threeMonths, EPOCH, now, "months");   // 90 days exactly: covered

        OrderService.OrderRequest twoMonths = new OrderService.OrderRequest(CONTENT, 7, null, null, 2, "1").inEpochs(EPOCH);
        assertThatThrownBy(() -> OrderService.forkTerms(agreed, twoMonths, EPOCH, now, "months"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.extensions()).containsEntry("field", "months").containsEntry("termEnd", "2027-03-04T12:00:00Z");
                    assertThat(e.getMessage()).contains("runs until 4 Mar 2027, 12:00 UTC", "order at least 3 months");
                });
        OrderService.OrderRequest fewer = new OrderService.OrderRequest(CONTENT, 6, null, null, 3, "1").inEpochs(EPOCH);
        assertThatThrownBy(() -> OrderService.forkTerms(agreed, fewer, EPOCH, now, "months"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.extensions()).containsEntry("field", "replicas"));
        assertThat(OrderService.monthsUntil(now.plus(Duration.ofDays(90)), now)).isEqualTo(3);
        assertThat(OrderService.monthsUntil(now.plus(Duration.ofDays(90)).plusSeconds(1), now)).isEqualTo(4);
        assertThat(OrderService.monthsUntil(now.minusSeconds(5), now)).as("a term already over").isEqualTo(1);
    }
}
