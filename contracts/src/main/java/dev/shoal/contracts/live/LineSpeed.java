package dev.shoal.contracts.live;

import java.util.Locale;

/**
 * A relay's measured upload and its uplink's capacity (bytes per second on the wire, {@link RelayClaim}) as people say
 * a line's speed: "1.8 Mbit/s", and "1.8 Mbit/s of 20.0 Mbit/s (9%)". One wording for the CLI and the creator's studio.
 */
public final class LineSpeed {

    private LineSpeed() {
    }

    /** Bytes per second as a line's speed: 1.8 Mbit/s, 640 kbit/s, 12 bit/s. */
    public static String of(long bytesPerSecond) {
        double bits = bytesPerSecond * 8.0;
        return bits >= 1e6 ? String.format(Locale.ROOT, "%.1f Mbit/s", bits / 1e6)
                : bits >= 1e3 ? String.format(Locale.ROOT, "%.0f kbit/s", bits / 1e3) : (long) bits + " bit/s";
    }

    /** What a relay uploads of its uplink: "1.8 Mbit/s of 20.0 Mbit/s (9%)"; null when it reported no measurement. */
    public static String upload(Long uploadBytesPerSecond, Long uplinkBytesPerSecond) {
        if (uploadBytesPerSecond == null || uplinkBytesPerSecond == null || uplinkBytesPerSecond <= 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%s of %s (%.0f%%)", of(uploadBytesPerSecond), of(uplinkBytesPerSecond),
                100.0 * uploadBytesPerSecond / uplinkBytesPerSecond);
    }
}
