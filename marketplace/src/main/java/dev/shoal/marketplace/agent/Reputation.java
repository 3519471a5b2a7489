package dev.shoal.marketplace.agent;

import java.time.Duration;

/**
 * An agent's reputation in [0, 1]: 0.45 uptime + 0.35 audit pass rate + 0.10 transfer speed + 0.10 age.
 * Uptime is heartbeats received over heartbeats expected since registration; the audit pass rate counts
 * passed over decided audits (1 before the first one); speed is 0.5 until measured; age saturates at
 * 30 days. See docs/marketplace.md.
 */
public final class Reputation {

    private Reputation() {
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
