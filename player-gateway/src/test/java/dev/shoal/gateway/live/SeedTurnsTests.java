package dev.shoal.gateway.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose turn it is to seed: round-robin per rendition over the seats of the viewers there, each announcement once. */
class SeedTurnsTests {

    @Test
    void eachAnnouncementGoesToOneSeatInTurn() {
        SeedTurns turns = new SeedTurns();
        List<Long> given = new ArrayList<>();
        for (long index = 0; index < 12; index++) {
            given.add(turns.next("hi", index, LongStream.of(7, 3, 5)).orElseThrow());
        }
        assertThat(given).containsExactly(3L, 5L, 7L, 3L, 5L, 7L, 3L, 5L, 7L, 3L, 5L, 7L);
    }

    @Test
    void eachRenditionHasItsOwnRound() {
        SeedTurns turns = new SeedTurns();
        List<Long> hi = new ArrayList<>();
        for (long index = 0; index < 4; index++) {
            hi.add(turns.next("hi", index, LongStream.of(1, 2)).orElseThrow());
            turns.next("lo", index, LongStream.of(1, 2)).orElseThrow();
        }
        // one round over both renditions would give every "hi" segment to the same seat
        assertThat(hi).containsExactly(1L, 2L, 1L, 2L);
    }

    @Test
    void aSeatThatLeftIsSkippedAndOneThatCameTakesItsPlace() {
        SeedTurns turns = new SeedTurns();
        assertThat(turns.next("hi", 0, LongStream.of(1, 2, 3))).hasValue(1);
        assertThat(turns.next("hi", 1, LongStream.of(1, 3))).as("2 left").hasValue(3);
        assertThat(turns.next("hi", 2, LongStream.of(1, 3, 4))).as("4 came after 3").hasValue(4);
        assertThat(turns.next("hi", 3, LongStream.of(1, 3, 4))).as("round again").hasValue(1);
    }

    @Test
    void anAnnouncementThatArrivesAgainIsNotGivenTwiceNorOneLongGone() {
        SeedTurns turns = new SeedTurns();
        assertThat(turns.next("hi", 600, LongStream.of(1, 2))).hasValue(1);
        assertThat(turns.next("hi", 600, LongStream.of(1, 2))).isEmpty();
        assertThat(turns.next("hi", 599, LongStream.of(1, 2))).as("late, out of order: still its turn").hasValue(2);
        assertThat(turns.next("hi", 1, LongStream.of(1, 2))).as("far behind the newest").isEmpty();
    }

    @Test
    void noViewersPickNoneAndTheAnnouncementIsStillGivenOnceOneComes() {
        SeedTurns turns = new SeedTurns();
        assertThat(turns.next("hi", 0, LongStream.empty())).isEqualTo(OptionalLong.empty());
        assertThat(turns.next("hi", 0, LongStream.of(9))).hasValue(9);
    }
}
