package dev.shoal.agent.fetch;

import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The segments of a manifest to fetch: all of them, or some renditions and a window of indexes ("part of it"). */
public final class ManifestSegments {

    private ManifestSegments() {
    }

    /**
     * @param renditions names to fetch, empty for all
     * @param from       first media segment index (inclusive)
     * @param to         last media segment index (inclusive), or -1 for the end
     */
    public static List<SegmentRef> select(SignedManifest signed, Set<String> renditions, int from, int to) {
        List<SegmentRef> out = new ArrayList<>();
        boolean any = false;
        for (Rendition r : signed.manifest().renditions()) {
            if (!renditions.isEmpty() && !renditions.contains(r.name())) {
                continue;
            }
            any = true;
            String type = r.container() == Container.FMP4 ? "video/mp4" : "video/mp2t";
            if (r.init() != null) {
                out.add(new SegmentRef(r.init().sha256(), r.init().size(), r.name(), -1, "video/mp4"));
            }
            for (SegmentRecord s : r.segments()) {
                if (s.index() >= from && (to < 0 || s.index() <= to)) {
                    out.add(new SegmentRef(s.sha256(), s.size(), r.name(), s.index(), type));
                }
            }
        }
        if (!any) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the manifest has none of the renditions " + renditions);
        }
        return out;
    }

    public static List<SegmentRef> all(SignedManifest signed) {
        return select(signed, Set.of(), 0, -1);
    }
}
