package dev.shoal.marketplace.agent;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * An agent's reputation in [0, 1]: 0.45 uptime + 0.35 audit pass rate + 0.10 transfer speed + 0.10 age.
 * Uptime is heartbeats received over heartbeats expected since registration; the audit pass rate counts
 * passed over decided audits (1 before the first one); speed is the agent's measured transfer rate over a
 * reference rate (0.5 until measured); age saturates at 30 days. See docs/marketplace.md.
 */
public final class Reputation {

    /** The speed term of an agent that has not finished a transfer yet. */
    public static final double UNMEASURED_SPEED = 0.5;

    private Reputation() {
    }

    /**
     * What an agent has shown so far: its decided audits, and the transfers it completed (deals that
     * went from PROPOSED to ACTIVE: the content's bytes and the time that took).
     */
    public record TrackRecord(long auditsPassed, long auditsDecided, long bytesTransferred, long transferMillis) {

        public static final TrackRecord NONE = new TrackRecord(0, 0, 0, 0);
    }

    /** The reputation of {@code agent} at {@code now}, from its heartbeats, age and track record. */
    public static double of(Agent agent, TrackRecord record, OffsetDateTime now, Duration heartbeatInterval,
                            long referenceBytesPerSecond) {
        return score(agent.heartbeats, Duration.between(agent.registeredAt, now), heartbeatInterval,
                record.auditsPassed(), record.auditsDecided(), speed(record, referenceBytesPerSecond));
    }

    /** Measured rate over the reference rate, capped at 1; {@link #UNMEASURED_SPEED} before a transfer completed. */
    public static double speed(TrackRecord record, long referenceBytesPerSecond) {
        if (record.bytesTransferred() <= 0 || referenceBytesPerSecond <= 0) {
            return UNMEASURED_SPEED;
        }
        double bytesPerSecond = record.bytesTransferred() * 1000.0 / Math.max(1, record.transferMillis());
        return clamp(bytesPerSecond / referenceBytesPerSecond);
    }

    public static double score(long heartbeats, Duration sinceRegistration, Duration heartbeatInterval,
                               long auditsPassed, long auditsDecided, double speed) {
        double expected = Math.max(1.0, (double) sinceRegistration.toMillis() / Math.max(1, heartbeatInterval.toMillis()));
        double uptime = Math.min(1.0, heartbeats / expected);
        double audits = auditsDecided == 0 ? 1.0 : (double) auditsPassed / auditsDecided;
        double age = Math.min(1.0, sinceRegistration.toSeconds() / (double) Duration.ofDays(30).toSeconds());
        return 0.45 * uptime + 0.35 * audits + 0.10 * clamp(speed) + 0.10 * age;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
