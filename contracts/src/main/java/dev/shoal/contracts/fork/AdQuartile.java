package dev.shoal.contracts.fork;

import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of an ad at which ad servers count its delivery (IAB VAST's tracking events): its start (the
 * impression), a quarter, half and three quarters through, and its end. A viewing session reaches a point when it
 * received the ad's segment that plays at that point; the end is reached with the ad's last segment.
 */
public enum AdQuartile {

    IMPRESSION("impression", 0),
    FIRST_QUARTILE("firstQuartile", 1),
    MIDPOINT("midpoint", 2),
    THIRD_QUARTILE("thirdQuartile", 3),
    COMPLETE("complete", 4);

    private final String wireName;
    private final int quarters;

    AdQuartile(String wireName, int quarters) {
        this.wireName = wireName;
        this.quarters = quarters;
    }

    /** The name on the wire and in storage, as VAST spells the event: {@code impression}, {@code firstQuartile}, ... */
    public String wireName() {
        return wireName;
    }

    /** The points reached by receiving segment {@code index} of the ad's rendition. */
    public static List<AdQuartile> reachedBy(Rendition ad, int index) {
        List<SegmentRecord> segments = ad.segments();
        if (index < 0 || index >= segments.size()) {
            throw new IllegalArgumentException("the ad's rendition " + ad.name() + " has no segment " + index);
        }
        long duration = ad.durationMicros();
        long start = 0;
        for (int i = 0; i < index; i++) {
            start += segments.get(i).durationMicros();
        }
        long end = start + segments.get(index).durationMicros();
        List<AdQuartile> reached = new ArrayList<>();
        for (AdQuartile q : values()) {
            if (q == COMPLETE) {
                if (index == segments.size() - 1) {
                    reached.add(q);
                }
                continue;
            }
            // the point a quarter (or half, ...) through, in whole µs; a segment plays [start, end)
            long point = duration * q.quarters / 4;
            if (point >= start && point < end) {
                reached.add(q);
            }
        }
        return reached;
    }
}
