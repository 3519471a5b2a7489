package dev.shoal.gateway.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A live room's archive terms (preset or "Archive with N replicas"): checked at the gateway before anything is asked. */
class ArchiveTermsTests {

    @Test
    void replicasATermInMonthsOrEpochsAndAPricePerGbMonthInSusd() {
        assertThat(LiveRooms.archiveTermsProblem(5, 12, null, "0.004")).isNull();
        assertThat(LiveRooms.archiveTermsProblem(10, null, 2, "86400")).isNull();
        assertThat(LiveRooms.archiveTermsProblem(4, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(LiveRooms.archiveTermsProblem(11, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(LiveRooms.archiveTermsProblem(null, 12, null, "0.004")).contains("5 to 10 replicas");
        assertThat(LiveRooms.archiveTermsProblem(5, 12, 2, "0.004")).contains("one of the two");
        assertThat(LiveRooms.archiveTermsProblem(5, null, null, "0.004")).contains("one of the two");
        assertThat(LiveRooms.archiveTermsProblem(5, 0, null, "0.004")).contains("at least one month");
        for (String price : new String[] {null, "", "0", "0.000000", "0.0000001", "-1", "1e3", "1000000000000000000000", "0x10", " 1"}) {
            assertThat(LiveRooms.archiveTermsProblem(5, 12, null, price)).as(String.valueOf(price)).contains("sUSD");
        }
    }
}
