package dev.shoal.agent.live;

import dev.shoal.deploy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A relay's upload meter: bytes per second over the last 10 s, on a clock the test moves. */
class UploadMeterTests {

    @Test
    void whatWasServedInTheLastTenSecondsPerSecond() {
        MutableClock clock = new MutableClock();
        UploadMeter meter = new UploadMeter(clock);
        assertThat(meter.bytesPerSecond()).isZero();
        meter.add(1_000_000);
        clock.advance(Duration.ofMillis(500));
        meter.add(500_000);
        assertThat(meter.bytesPerSecond()).isEqualTo(150_000);
        clock.advance(Duration.ofSeconds(5));
        meter.add(2_500_000);
        assertThat(meter.bytesPerSecond()).isEqualTo(400_000);
    }

    @Test
    void secondsOlderThanTheWindowStopCounting() {
        MutableClock clock = new MutableClock();
        UploadMeter meter = new UploadMeter(clock);
        meter.add(1_000_000);
        clock.advance(Duration.ofSeconds(6));
        meter.add(2_000_000);
        clock.advance(Duration.ofSeconds(4));
        // the first second slid out; the one 4 s ago still counts
        assertThat(meter.bytesPerSecond()).isEqualTo(200_000);
        // a second that reuses the first one's slot starts from nothing
        meter.add(10);
        assertThat(meter.bytesPerSecond()).isEqualTo(200_001);
        clock.advance(Duration.ofSeconds(10));
        assertThat(meter.bytesPerSecond()).isZero();
    }
}
