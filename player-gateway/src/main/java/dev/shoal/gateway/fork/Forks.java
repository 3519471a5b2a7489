package dev.shoal.gateway.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.fork.AdDelivery;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.catalog.Catalog.Published;
import dev.shoal.gateway.catalog.NotInCatalogException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ad forks on the viewer's side. A content the marketplace names a consented fork is played only once this gateway has
 * checked it: the creator's EIP-712 consent recovers the original's creator, covers this original and this fork, and its
 * term runs; and the fork's manifest is exactly the original with the ad spliced in at the plan's cue points. A fork whose
 * consent has lapsed or does not verify is refused with a problem that says why, and never played.
 */
@ApplicationScoped
public class Forks {

    private static final Logger LOG = Logger.getLogger(Forks.class);

    private final MarketplaceForks marketplace;
    private final Catalog catalog;

    public Forks(@RestClient MarketplaceForks marketplace, Catalog catalog) {
        this.marketplace = marketplace;
        this.catalog = catalog;
    }

    /** The content as a fork, checked; empty when it is not a consented fork. */
    public Uni<Optional<SponsoredFork>> of(Published content) {
        return marketplace.fork(content.contentId())
                .onFailure(NotInCatalogException.class).recoverWithNull()
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    LOG.warnf("the marketplace cannot say whether %s is a fork: %s", content.contentId(), e.toString());
                    return new ProblemException(ProblemType.UNAVAILABLE, "the marketplace cannot be reached");
                })
                .chain(view -> view == null ? Uni.createFrom().item(Optional.<SponsoredFork>empty())
                        : catalog.find(view.original().contentId()).chain(original -> catalog.find(view.ad().contentId())
                        .map(ad -> Optional.of(check(content, original, ad, view, Instant.now())))));
    }

    /** The original's consented forks, best seeded first; none when the marketplace cannot say (the original still plays). */
    public Uni<List<ForkView>> forksOf(String originalId) {
        return marketplace.forksOf(originalId).onFailure().recoverWithItem(e -> {
            LOG.debugf("no forks listed for %s: %s", originalId, e.toString());
            return List.of();
        });
    }

    /** Forwards a viewer's receipts of a fork's ads to the marketplace, which verifies and counts them. */
    public Uni<AdDelivery.Counted> deliver(String forkId, AdDelivery delivery) {
        return marketplace.deliveries(forkId, delivery).onFailure(NotInCatalogException.class)
                .transform(e -> new ProblemException(ProblemType.NOT_FOUND, "content " + forkId + " is not a consented fork"))
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    LOG.warnf("ad deliveries of %s not forwarded: %s", forkId, e.toString());
                    return new ProblemException(ProblemType.UNAVAILABLE, "the marketplace cannot be reached");
                });
    }

    /** The gateway's own check of a fork before it plays it. */
    static SponsoredFork check(Published fork, Published original, Published ad, ForkView view, Instant now) {
        if (view.consent() == null) {
            throw new ProblemException(ProblemType.CONSENT_REJECTED, "fork " + fork.contentId() + " has no consent from the creator of "
                    + original.title() + ": Shoal does not play it");
        }
        SponsorshipConsent.Signed signed;
        try {
            signed = SponsorshipConsent.Signed.fromJson(view.consent().toString());
        } catch (ContentException | IllegalArgumentException e) {
            throw new ProblemException(ProblemType.CONSENT_REJECTED, "the consent of fork " + fork.contentId() + " cannot be read: " + e.getMessage());
        }
        SponsorshipConsent consent = signed.consent();
        if (now.getEpochSecond() >= consent.endSeconds()) {
            throw new ProblemException(ProblemType.CONSENT_LAPSED, "this sponsored version of \"" + original.title()
                    + "\" is no longer shown: the creator's consent ended on " + Instant.ofEpochSecond(consent.endSeconds())
                    + ". Watch the original at /watch/" + original.contentId(), java.util.Map.of("original", original.contentId()));
        }
        try {
            consent.requireCovers(Sha256.fromHex(original.contentId()), Sha256.fromHex(fork.contentId()));
            consent.verify(signed.signature(), now);
            if (!consent.creator().toString().equalsIgnoreCase(original.creator())) {
                throw new ContentException.ConsentRejected("the consent names " + consent.creator() + ", not the original's creator " + original.creator());
            }
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.CONSENT_REJECTED, "fork " + fork.contentId() + " is not shown: " + e.getMessage());
        }
        ForkPlan plan = new ForkPlan(Sha256.fromHex(original.contentId()), Sha256.fromHex(ad.contentId()), view.cuesMicros());
        try {
            Fork.verify(original.manifest(), ad.manifest(), plan, fork.manifest());
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.FORK_MISMATCH, "fork " + fork.contentId() + " is not shown: " + e.getMessage());
        }
        return new SponsoredFork(view, original, ad, plan);
    }
}
