package dev.shoal.agent.live;

import java.time.Clock;

/**
 * What a relay agent uploads for the live rooms it relays: bytes served, per second, over the last {@value #WINDOW_SECONDS}
 * seconds (docs/live.md, "Relay agents"), which its claim reports and the gateway ranks relays by. One counter per
 * second of the clock, so adding is a few instructions on the serving path and an old second simply stops counting.
 */
final class UploadMeter {

    static final int WINDOW_SECONDS = 10;

    private final Clock clock;
    private final long[] seconds = new long[WINDOW_SECONDS];
    private final long[] bytes = new long[WINDOW_SECONDS];

    UploadMeter(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long served) {
        long now = Math.floorDiv(clock.millis(), 1000);
        int slot = (int) Math.floorMod(now, (long) WINDOW_SECONDS);
        if (seconds[slot] != now) {
            seconds[slot] = now;
            bytes[slot] = 0;
        }
        bytes[slot] += served;
    }

    /** Bytes per second over the last {@value #WINDOW_SECONDS} seconds, this one included. */
    synchronized long bytesPerSecond() {
        long now = Math.floorDiv(clock.millis(), 1000);
        long sum = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (seconds[i] > now - WINDOW_SECONDS && seconds[i] <= now) {
                sum += bytes[i];
            }
        }
        return sum / WINDOW_SECONDS;
    }
}
