package dev.shoal.contracts.fork;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.shoal.contracts.fork.AdQuartile.COMPLETE;
import static dev.shoal.contracts.fork.AdQuartile.FIRST_QUARTILE;
import static dev.shoal.contracts.fork.AdQuartile.IMPRESSION;
import static dev.shoal.contracts.fork.AdQuartile.MIDPOINT;
import static dev.shoal.contracts.fork.AdQuartile.THIRD_QUARTILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdQuartileTests {

    private static Rendition ad(long... micros) {
        List<SegmentRecord> segments = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (int i = 0; i < micros.length; i++) {
            SegmentDigest d = SegmentDigest.of(new byte[] {(byte) i});
            link = Chain.link(link, d.sha256());
            segments.add(new SegmentRecord(i, micros[i], 1, d.sha256(), link, d.chunkRoot(), false));
        }
        return new Rendition("hi", Container.MPEG_TS, "avc1.42c00c", 1_000_000, 640, 360, 25_000, null, segments);
    }

    @Test
    void eachSegmentReachesThePointsThatPlayInItAndTheLastOneCompletes() {
        // 16 s of 4 s segments: the points at 0, 4, 8 and 12 s each fall on a segment's first instant
        Rendition even = ad(4_000_000, 4_000_000, 4_000_000, 4_000_000);
        assertThat(AdQuartile.reachedBy(even, 0)).containsExactly(IMPRESSION);
        assertThat(AdQuartile.reachedBy(even, 1)).containsExactly(FIRST_QUARTILE);
        assertThat(AdQuartile.reachedBy(even, 2)).containsExactly(MIDPOINT);
        assertThat(AdQuartile.reachedBy(even, 3)).containsExactly(THIRD_QUARTILE, COMPLETE);

        // 3 s of 1 s segments: 0.75 s is still the first segment's, 2.25 s the last one's
        Rendition three = ad(1_000_000, 1_000_000, 1_000_000);
        assertThat(AdQuartile.reachedBy(three, 0)).containsExactly(IMPRESSION, FIRST_QUARTILE);
        assertThat(AdQuartile.reachedBy(three, 1)).containsExactly(MIDPOINT);
        assertThat(AdQuartile.reachedBy(three, 2)).containsExactly(THIRD_QUARTILE, COMPLETE);

        assertThat(AdQuartile.reachedBy(ad(6_000_000), 0)).as("a one-segment ad").containsExactly(AdQuartile.values());
        assertThat(AdQuartile.values()).extracting(AdQuartile::wireName)
                .containsExactly("impression", "firstQuartile", "midpoint", "thirdQuartile", "complete");
        assertThatThrownBy(() -> AdQuartile.reachedBy(three, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
