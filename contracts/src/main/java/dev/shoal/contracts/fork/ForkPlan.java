package dev.shoal.contracts.fork;

import dev.shoal.contracts.hash.Sha256;

import java.util.List;

/**
 * How a fork is made, which anyone can redo to check it: the original's content id, the ad's content id (the
 * advertiser's ad, published as a content of its own), and the cue points on the original's timeline where the
 * whole ad plays, in microseconds, ascending. A cue must fall on a segment boundary of every rendition (0 is a
 * pre-roll, the original's duration a post-roll).
 */
public record ForkPlan(Sha256 original, Sha256 ad, List<Long> cuesMicros) {

    public static final int MAX_CUES = 32;

    public ForkPlan {
        if (original == null || ad == null || cuesMicros == null || cuesMicros.isEmpty() || cuesMicros.size() > MAX_CUES) {
            throw new IllegalArgumentException("a fork plan names the original, the ad and 1 to " + MAX_CUES + " cue points");
        }
        cuesMicros = List.copyOf(cuesMicros);
        for (int i = 0; i < cuesMicros.size(); i++) {
            if (cuesMicros.get(i) < 0 || (i > 0 && cuesMicros.get(i) <= cuesMicros.get(i - 1))) {
                throw new IllegalArgumentException("cue points must be non-negative and strictly ascending: " + cuesMicros);
            }
        }
    }
}
