package dev.shoal.contracts.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ad forks: a fork is a manifest of its own (signed by the advertiser who made it, its content id derived like any
 * other) whose every rendition is the original's rendition with the ad's rendition of the same name spliced in whole
 * at each cue point. The original's segments keep their bytes and hashes, so a fork's viewers and the original's feed
 * one swarm per segment; only the chain links are recomputed over the fork's order. Each ad, and the original after
 * it, starts with a discontinuity, which playlists carry as {@code #EXT-X-DISCONTINUITY}.
 *
 * <p>{@link #verify} redoes the splice from the {@link ForkPlan}: a fork that drops, reorders or alters any of the
 * original's segments, or that carries other ad bytes or cue points, is refused ({@link ContentException.ForkMismatch}).
 */
public final class Fork {

    private Fork() {
    }

    /**
     * The fork's manifest: {@code original} with {@code ad} spliced in at each of {@code plan}'s cue points, titled
     * {@code title} and made by {@code advertiser} (who signs it).
     *
     * @throws ContentException.ForkMismatch if the plan does not name these contents, the ad lacks a rendition of the
     *                                       original or carries another container or init segment, or a cue point is
     *                                       not on a segment boundary of every rendition
     */
    public static Manifest splice(Manifest original, Manifest ad, ForkPlan plan, String title, Address advertiser) {
        if (!original.contentId().equals(plan.original()) || !ad.contentId().equals(plan.ad())) {
            throw new ContentException.ForkMismatch("the plan names original " + plan.original().hex() + " and ad " + plan.ad().hex()
                    + ", not " + original.contentId().hex() + " and " + ad.contentId().hex());
        }
        List<Rendition> renditions = new ArrayList<>();
        for (Rendition r : original.renditions()) {
            Rendition a = ad.renditions().stream().filter(x -> x.name().equals(r.name())).findFirst()
                    .orElseThrow(() -> new ContentException.ForkMismatch("the ad has no rendition " + r.name() + " for the original's"));
            if (a.container() != r.container() || !Objects.equals(a.init(), r.init())) {
                throw new ContentException.ForkMismatch("the ad's rendition " + r.name() + " is " + a.container()
                        + (a.container() == Container.FMP4 ? " with another init segment" : "") + ": an ad must be cut like the original"
                        + " (" + r.container() + (r.init() != null ? ", the same init segment" : "") + ")");
            }
            renditions.add(new Rendition(r.name(), r.container(), r.codecs(), Math.max(r.bandwidth(), a.bandwidth()), r.width(), r.height(),
                    r.frameRateMilli(), r.init(), splice(r, a, boundaries(r, plan.cuesMicros()))));
        }
        return new Manifest(title, advertiser, renditions);
    }

    /** Checks that {@code fork} is exactly the splice {@code plan} describes of {@code original} and {@code ad}. */
    public static void verify(Manifest original, Manifest ad, ForkPlan plan, Manifest fork) {
        Manifest expected = splice(original, ad, plan, fork.title(), fork.creator());
        if (!expected.equals(fork)) {
            throw new ContentException.ForkMismatch("fork " + fork.contentId().hex() + " is not original " + original.contentId().hex()
                    + " with ad " + ad.contentId().hex() + " at " + plan.cuesMicros() + " µs: " + firstDifference(expected, fork));
        }
    }

    /** Where the ads play in the fork's rendition {@code name}, for playlists (ad markers) and players (no seeking past). */
    public static List<AdSpan> adSpans(Manifest original, Manifest ad, ForkPlan plan, String name) {
        Rendition r = original.rendition(name);
        Rendition a = ad.rendition(name);
        List<Integer> cues = boundaries(r, plan.cuesMicros());
        long adDuration = a.durationMicros();
        List<AdSpan> spans = new ArrayList<>();
        for (int i = 0; i < cues.size(); i++) {
            int first = cues.get(i) + i * a.segments().size();
            spans.add(new AdSpan(i + 1, first, a.segments().size(), plan.cuesMicros().get(i) + i * adDuration, adDuration,
                    plan.cuesMicros().get(i)));
        }
        return spans;
    }

    /** The original's segment index each cue point falls before (its size for a post-roll); refused off a boundary. */
    static List<Integer> boundaries(Rendition r, List<Long> cuesMicros) {
        List<Integer> at = new ArrayList<>();
        for (long cue : cuesMicros) {
            long t = 0;
            int index = 0;
            while (t < cue && index < r.segments().size()) {
                t += r.segments().get(index).durationMicros();
                index++;
            }
            if (t != cue) {
                throw new ContentException.ForkMismatch("cue point " + seconds(cue) + " s is not on a segment boundary of rendition "
                        + r.name() + " (" + (t < cue ? "past its end at " + seconds(t) + " s" : "its segments meet at " + seconds(t) + " s")
                        + ")");
            }
            at.add(index);
        }
        return at;
    }

    private static List<SegmentRecord> splice(Rendition original, Rendition ad, List<Integer> cues) {
        List<SegmentRecord> out = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        int next = 0;
        for (int i = 0; i <= original.segments().size(); i++) {
            boolean afterAd = false;
            while (next < cues.size() && cues.get(next) == i) {
                for (int j = 0; j < ad.segments().size(); j++) {
                    SegmentRecord s = ad.segments().get(j);
                    link = Chain.link(link, s.sha256());
                    out.add(new SegmentRecord(out.size(), s.durationMicros(), s.size(), s.sha256(), link, s.chunkRoot(),
                            j == 0 ? !out.isEmpty() || s.discontinuity() : s.discontinuity()));
                }
                afterAd = true;
                next++;
            }
            if (i == original.segments().size()) {
                break;
            }
            SegmentRecord s = original.segments().get(i);
            link = Chain.link(link, s.sha256());
            out.add(new SegmentRecord(out.size(), s.durationMicros(), s.size(), s.sha256(), link, s.chunkRoot(), afterAd || s.discontinuity()));
        }
        return out;
    }

    private static String firstDifference(Manifest expected, Manifest fork) {
        if (expected.renditions().size() != fork.renditions().size()) {
            return "it has " + fork.renditions().size() + " renditions, the splice " + expected.renditions().size();
        }
        for (int k = 0; k < expected.renditions().size(); k++) {
            Rendition e = expected.renditions().get(k);
            Rendition f = fork.renditions().get(k);
            if (!e.name().equals(f.name())) {
                return "rendition " + k + " is " + f.name() + ", the splice has " + e.name();
            }
            if (e.segments().size() != f.segments().size()) {
                return "rendition " + e.name() + " has " + f.segments().size() + " segments, the splice " + e.segments().size();
            }
            for (int i = 0; i < e.segments().size(); i++) {
                if (!e.segments().get(i).equals(f.segments().get(i))) {
                    return "rendition " + e.name() + " differs at segment " + i;
                }
            }
            if (!e.equals(f)) {
                return "rendition " + e.name() + " differs in its attributes";
            }
        }
        return "it differs from the splice";
    }

    private static String seconds(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
