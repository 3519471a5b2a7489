package dev.shoal.contracts.bench;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A large manifest whose segments all share one random byte array: trees have the depth of real hours of
 * video while memory holds a single segment.
 */
public record SyntheticContent(Manifest manifest, byte[] segment, Sha256 sha256) {

    public static SyntheticContent of(int renditions, int segmentsPerRendition, int segmentSize) {
        byte[] bytes = new byte[segmentSize];
        new Random(1).nextBytes(bytes);
        SegmentDigest d = SegmentDigest.of(bytes);
        List<Rendition> rs = new ArrayList<>();
        for (int r = 0; r < renditions; r++) {
            List<SegmentRecord> segments = new ArrayList<>(segmentsPerRendition);
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < segmentsPerRendition; i++) {
                link = Chain.link(link, d.sha256());
                segments.add(new SegmentRecord(i, 8_000_000, bytes.length, d.sha256(), link, d.chunkRoot(), false));
            }
            rs.add(new Rendition("r" + r, Container.MPEG_TS, "avc1.640028", 4_000_000, 1280, 720, 30_000, null, segments));
        }
        return new SyntheticContent(new Manifest("synthetic", DemoKeys.creator().address(), rs), bytes, d.sha256());
    }

    public byte[] read(Sha256 sha) {
        return sha.equals(sha256) ? segment : null;
    }
}
