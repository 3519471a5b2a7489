package dev.shoal.deploy.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand (UTC), for the services' unit tests of anything that reads the time. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock at 2026-11-22T10:00:00Z. */
    public MutableClock() {
        this(Instant.parse("2026-11-22T10:00:00Z"));
    }

    public MutableClock(Instant now) {
        this.now = now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
