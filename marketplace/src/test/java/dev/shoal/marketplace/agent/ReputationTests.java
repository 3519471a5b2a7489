package dev.shoal.marketplace.agent;

import dev.shoal.marketplace.agent.Reputation.TrackRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReputationTests {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T12:00:00Z");
    private static final Duration BEAT = Duration.ofSeconds(10);
    private static final long REFERENCE = 10_000_000;

    /** Registered a day ago and never missed a heartbeat. */
    static Agent steady(String address) {
        Agent a = new Agent();
        a.address = address;
        a.registeredAt = NOW.minusDays(1);
        a.heartbeats = Duration.ofDays(1).dividedBy(BEAT);
        return a;
    }

    @Test
    void failedAuditsLowerTheScoreByTheirShare() {
        double clean = Reputation.of(steady("a"), new TrackRecord(4, 4, 0, 0), NOW, BEAT, REFERENCE);
        double failing = Reputation.of(steady("b"), new TrackRecord(1, 4, 0, 0), NOW, BEAT, REFERENCE);
        assertThat(clean - failing).isCloseTo(0.35 * 0.75, within(1e-9));
    }

    @Test
    void noDecidedAuditCountsAsAPerfectRecord() {
        assertThat(Reputation.of(steady("a"), TrackRecord.NONE, NOW, BEAT, REFERENCE))
                .isCloseTo(Reputation.of(steady("b"), new TrackRecord(3, 3, 0, 0), NOW, BEAT, REFERENCE), within(1e-9));
    }

    @Test
    void speedIsTheMeasuredRateOverTheReferenceCappedAtOne() {
        assertThat(Reputation.speed(TrackRecord.NONE, REFERENCE)).isEqualTo(Reputation.UNMEASURED_SPEED);
        // 20 MB in 8 s: 2.5 MB/s of a 10 MB/s reference
        assertThat(Reputation.speed(new TrackRecord(0, 0, 20_000_000, 8_000), REFERENCE)).isCloseTo(0.25, within(1e-9));
        assertThat(Reputation.speed(new TrackRecord(0, 0, 200_000_000, 1_000), REFERENCE)).isEqualTo(1.0);
    }

    @Test
    void aFastAgentOutranksASlowOneWithTheSameAudits() {
        double fast = Reputation.of(steady("a"), new TrackRecord(2, 2, 50_000_000, 5_000), NOW, BEAT, REFERENCE);
        double slow = Reputation.of(steady("b"), new TrackRecord(2, 2, 50_000_000, 50_000), NOW, BEAT, REFERENCE);
        assertThat(fast - slow).isCloseTo(0.10 * 0.9, within(1e-9));
    }
}
