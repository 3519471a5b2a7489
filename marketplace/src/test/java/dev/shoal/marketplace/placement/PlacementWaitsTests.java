package dev.shoal.marketplace.placement;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the placement job says that an order waits for agents: once when it starts waiting, again when the counts change,
 * else at most once a minute per order with how long it has waited, never every round.
 */
class PlacementWaitsTests {

    private static final Instant T0 = Instant.parse("2026-12-05T07:00:00Z");
    private final PlacementWaits waits = new PlacementWaits();
    private final UUID order = UUID.randomUUID();

    @Test
    void aNewWaitIsSaidOnceThenNotEveryRoundButOnceAMinuteWithHowLongItWaited() {
        assertThat(waits.waiting(order, 0, 2, T0)).contains("order " + order + ": 0 of 2 missing replicas placed; the rest wait for agents");
        for (int s = 1; s < 60; s += 2) {
            assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(s))).as("round at %d s", s).isEmpty();
        }
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(61))).contains("order " + order
                + ": still 0 of 2 missing replicas placed; waiting for agents for 1 min 1 s");
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(63))).isEmpty();
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(121))).hasValueSatisfying(line -> assertThat(line).endsWith("for 2 min 1 s"));
    }

    @Test
    void otherCountsAreNewsAtOnceAndTheWaitCountsFromItsStart() {
        waits.waiting(order, 0, 3, T0);
        assertThat(waits.waiting(order, 1, 3, T0.plusSeconds(2))).contains("order " + order
                + ": 1 of 3 missing replicas placed; the rest wait for agents (waiting for 2 s)");
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(4))).as("fewer missing now").isPresent();
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void eachOrderHasItsOwnMinuteAndAnOrderFilledOrGoneIsNewsAgainNextTime() {
        UUID other = UUID.randomUUID();
        waits.waiting(order, 0, 2, T0);
        assertThat(waits.waiting(other, 0, 5, T0.plusSeconds(1))).as("another order waiting").isPresent();
        waits.done(order);
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(3))).as("waiting again after it was filled")
                .contains("order " + order + ": 0 of 2 missing replicas placed; the rest wait for agents");
        waits.retain(List.of(order));
        assertThat(waits.waiting(other, 0, 5, T0.plusSeconds(4))).as("forgotten when it no longer waited").isPresent();
        assertThat(waits.waiting(order, 0, 2, T0.plusSeconds(5))).as("kept").isEmpty();
    }

    @Test
    void howLongReadsAsAPersonSaysIt() {
        assertThat(PlacementWaits.shown(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(PlacementWaits.shown(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(PlacementWaits.shown(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(PlacementWaits.shown(Duration.ofHours(3))).isEqualTo("3 h");
    }
}
