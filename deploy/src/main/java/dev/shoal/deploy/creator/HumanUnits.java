package dev.shoal.deploy.creator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Sizes, lengths and dates as a person reads them in the creator's commands. */
public final class HumanUnits {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private HumanUnits() {
    }

    /** Decimal units, as disks and networks are sold: {@code 850 kB}, {@code 12.3 MB}, {@code 2.70 GB}. */
    public static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, bytes < 10_000_000 ? "%.2f MB" : "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** {@code 0:20}, {@code 12:05}, {@code 1:02:03}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** An ISO-8601 instant (or offset date-time) as {@code 2026-12-04 11:40 UTC}; the text itself when it is not one. */
    public static String date(String iso) {
        try {
            return DATE.format(java.time.OffsetDateTime.parse(iso).toInstant());
        } catch (RuntimeException e) {
            try {
                return DATE.format(Instant.parse(iso));
            } catch (RuntimeException e2) {
                return iso;
            }
        }
    }
}
