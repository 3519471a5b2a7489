package dev.shoal.contracts.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A live room's archive terms (preset or "Archive with N replicas"): checked at the gateway and by the CLI before anything is asked. */
class ArchiveTermsTests {

    private static String problem(Integer replicas, Integer months, Integer epochs, String price) {
        return new ArchiveTerms(replicas, months, epochs, price).problem();
    }

    @Test
    void replicasATermInMonthsOrEpochsAndAPricePerGbMonthInSusd() {
        assertThat(problem(5, 12, null, "0.004")).isNull();
        assertThat(problem(10, null, 2, "86400")).isNull();
        assertThat(problem(4, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(problem(11, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(problem(null, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(problem(5, 12, 2, "0.004")).contains("one of the two");
        assertThat(problem(5, null, null, "0.004")).contains("one of the two");
        assertThat(problem(5, 0, null, "0.004")).contains("at least one month");
        for (String price : new String[] {null, "", "0", "0.000000", "0.0000001", "-1", "1e3", "1000000000000000000000", "0x10", " 1"}) {
            assertThat(problem(5, 12, null, price)).as(String.valueOf(price)).contains("sUSD");
        }
    }

    @Test
    void whatIsGivenOverridesThePresetAndTheTermIsTakenWhole() {
        ArchiveTerms preset = new ArchiveTerms(7, null, 40, "0.004");
        assertThat(new ArchiveTerms(5, null, null, null).over(preset)).isEqualTo(new ArchiveTerms(5, null, 40, "0.004"));
        // months given: the preset's epochs are not kept beside them (that would be two terms)
        assertThat(new ArchiveTerms(null, 3, null, "0.01").over(preset)).isEqualTo(new ArchiveTerms(7, 3, null, "0.01"));
        assertThat(new ArchiveTerms(6, 2, null, "0.004").over(null)).isEqualTo(new ArchiveTerms(6, 2, null, "0.004"));
        assertThat(new ArchiveTerms(5, null, null, null).over(null).problem()).contains("one of the two");
    }
}
