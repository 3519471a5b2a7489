package dev.shoal.contracts.manifest;

import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * One rendition (variant stream) of a content.
 *
 * @param name           unique within the manifest, e.g. "720p" or "hi" (from the folder's layout)
 * @param codecs         RFC 6381 codecs string from the master playlist, "" if unknown
 * @param bandwidth      peak bits per second from the master playlist, 0 if unknown
 * @param width          pixels, 0 if unknown
 * @param height         pixels, 0 if unknown
 * @param frameRateMilli frames per second times 1000, 0 if unknown
 * @param init           the fMP4 init segment, or null (MPEG-TS)
 * @param segments       media segments in playing order, index i at position i
 */
public record Rendition(String name, Container container, String codecs, long bandwidth, int width, int height,
                        int frameRateMilli, InitSegment init, List<SegmentRecord> segments) {

    public Rendition {
        if (name == null || name.isEmpty() || container == null || codecs == null || bandwidth < 0 || width < 0
                || height < 0 || frameRateMilli < 0 || segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("invalid rendition " + name);
        }
        segments = List.copyOf(segments);
    }

    /** Init segment (if any) then media segments: the order of this rendition's subtree in the retention tree. */
    public List<MerkleNode> retentionNodes() {
        List<MerkleNode> nodes = new ArrayList<>(segments.size() + 1);
        if (init != null) {
            nodes.add(init.retentionNode());
        }
        for (SegmentRecord s : segments) {
            nodes.add(s.retentionNode());
        }
        return nodes;
    }

    public MerkleNode retentionRoot() {
        return Merkle.root(retentionNodes());
    }

    public long durationMicros() {
        long total = 0;
        for (SegmentRecord s : segments) {
            total += s.durationMicros();
        }
        return total;
    }

    /** Bytes of init and media segments. */
    public long totalBytes() {
        long total = init == null ? 0 : init.size();
        for (SegmentRecord s : segments) {
            total += s.size();
        }
        return total;
    }

    /** #EXT-X-TARGETDURATION: every segment's duration rounded to the nearest second is at most this. */
    public int targetDurationSeconds() {
        long max = 0;
        for (SegmentRecord s : segments) {
            max = Math.max(max, (s.durationMicros() + 500_000) / 1_000_000);
        }
        return (int) Math.max(1, max);
    }
}
