package dev.shoal.gateway.tracker;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class IpLimiterTests {

    private long now;
    private final IpLimiter limiter = new IpLimiter(2, 10, 5, () -> now);

    @Test
    void anAddressHasACapOnConnections() {
        assertThat(limiter.openSocket("10.0.0.1")).isTrue();
        assertThat(limiter.openSocket("10.0.0.1")).isTrue();
        assertThat(limiter.openSocket("10.0.0.1")).isFalse();
        assertThat(limiter.openSocket("10.0.0.2")).as("another address is not affected").isTrue();
        limiter.closeSocket("10.0.0.1");
        assertThat(limiter.openSocket("10.0.0.1")).isTrue();
    }

    @Test
    void messagesDrawFromABucketThatRefillsAtTheRate() {
        limiter.openSocket("10.0.0.1");
        limiter.openSocket("10.0.0.2");
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.allowMessage("10.0.0.1")).as("burst, message %d", i).isTrue();
        }
        assertThat(limiter.allowMessage("10.0.0.1")).isFalse();
        assertThat(limiter.allowMessage("10.0.0.2")).as("another address has its own bucket").isTrue();

        now += TimeUnit.MILLISECONDS.toNanos(100);
        assertThat(limiter.allowMessage("10.0.0.1")).as("10 per second: one more after 100 ms").isTrue();
        assertThat(limiter.allowMessage("10.0.0.1")).isFalse();

        now += TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.allowMessage("10.0.0.1")).isTrue();
        }
        assertThat(limiter.allowMessage("10.0.0.1")).as("never more than the burst").isFalse();
    }

    @Test
    void anAddressIsForgottenWithItsLastConnection() {
        limiter.openSocket("10.0.0.1");
        limiter.openSocket("10.0.0.1");
        limiter.closeSocket("10.0.0.1");
        assertThat(limiter.addresses()).isEqualTo(1);
        limiter.closeSocket("10.0.0.1");
        assertThat(limiter.addresses()).isZero();
    }
}
