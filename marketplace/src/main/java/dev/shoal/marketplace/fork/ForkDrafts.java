package dev.shoal.marketplace.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.fork.AdSpan;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The advertiser page's proposed fork before it is requested: the original's cue points (its segment boundaries), and
 * the fork {@link Fork#splice} makes of the original and the advertiser's ad at the chosen cues, signed by the ad's
 * signer (the wallet signs its text on the page; no server key signs). The same splice answers the preview's playlists.
 */
@ApplicationScoped
public class ForkDrafts {

    private final ContentRepository contents;

    public ForkDrafts(ContentRepository contents) {
        this.contents = contents;
    }

    /** An original an ad may go into: its title, length, and the cue points every rendition allows (µs). */
    public record Original(String contentId, String title, String creatorName, long durationMicros, List<Long> cuesMicros,
                           List<String> renditions) {
    }

    /** What the advertiser proposes: the original, its ad (an uploaded content of its own), the cues, the fork's title. */
    public record Proposal(String original, String ad, List<Long> cuesMicros, String title) {
    }

    /** A proposed fork: its manifest (unsigned), the text the ad's signer signs, and the ads' places in it. */
    public record Draft(Manifest original, Manifest ad, ForkPlan plan, Manifest fork) {

        public String textToSign() {
            return SignedManifest.signedText(fork.contentId());
        }

        public List<AdSpan> spans(String rendition) {
            return Fork.adSpans(original, ad, plan, rendition);
        }

        /** The preview's path under {@code /dashboard/advertiser/drafts}: the plan, so any instance answers it. */
        public String path() {
            return plan.original().hex() + "/" + plan.ad().hex() + "/" + String.join(",", plan.cuesMicros().stream().map(String::valueOf).toList());
        }
    }

    @WithSession
    public Uni<Original> original(String contentId) {
        Sha256 id = ForkChecks.contentId("original", contentId);
        return contents.findById(id.hex()).map(c -> {
            Manifest m = originalOf(c, contentId);
            return new Original(c.contentId, c.title, c.creatorShown(), m.renditions().stream().mapToLong(Rendition::durationMicros).max().orElse(0),
                    ForkChecks.cueBoundaries(m), m.renditions().stream().map(Rendition::name).toList());
        });
    }

    /**
     * The fork of {@code proposal}: 404 for an unknown original (or a fork) or an ad that is not the advertiser's, 400 for
     * a cue off the original's segment boundaries or past its end ({@code field} cuesMicros), 422 fork-mismatch for an ad
     * whose renditions cannot splice into the original's (naming what differs).
     */
    @WithSession
    public Uni<Draft> draft(String owner, Proposal proposal) {
        if (proposal == null) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "the body names original, ad and cuesMicros"));
        }
        Sha256 originalId;
        Sha256 adId;
        ForkPlan plan;
        try {
            originalId = ForkChecks.contentId("original", proposal.original());
            adId = ForkChecks.contentId("ad", proposal.ad());
            if (proposal.cuesMicros() == null || proposal.cuesMicros().isEmpty()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "cuesMicros names at least one cue point", Map.of("field", "cuesMicros"));
            }
            plan = new ForkPlan(originalId, adId, proposal.cuesMicros());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage(), Map.of("field", "cuesMicros")));
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return contents.findById(originalId.hex()).chain(original -> contents.findById(adId.hex()).map(ad -> {
            Manifest o = originalOf(original, proposal.original());
            if (ad == null || !ad.owner.equals(owner)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no ad " + proposal.ad() + " of yours: upload the ad first", Map.of("field", "ad"));
            }
            Manifest a = SignedManifest.fromJson(ad.manifest).manifest();
            String title = proposal.title() == null || proposal.title().isBlank() ? original.title + " (sponsored)" : proposal.title().strip();
            return new Draft(o, a, plan, splice(o, a, plan, title));
        }));
    }

    /**
     * The fork, made by the ad's signer: 400 ({@code field} cuesMicros) for a cue off the original's boundaries or past
     * its end, 422 fork-mismatch for an ad that cannot splice into the original's renditions (naming what differs).
     */
    static Manifest splice(Manifest original, Manifest ad, ForkPlan plan, String title) {
        ForkChecks.cues(original, plan.cuesMicros());
        try {
            return Fork.splice(original, ad, plan, title, ad.creator());
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.FORK_MISMATCH, e.getMessage(), Map.of("code", e.code()));
        }
    }

    private static Manifest originalOf(Content c, String contentId) {
        if (c == null || c.forkOf != null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no original content " + contentId + " to fork", Map.of("field", "original"));
        }
        return SignedManifest.fromJson(c.manifest).manifest();
    }
}
