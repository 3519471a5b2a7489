package dev.shoal.gateway.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.fork.AdDeliveryBatch;
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
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
    private final CaffeineCache plans;
    private final CaffeineCache lastPlans;

    public Forks(@RestClient MarketplaceForks marketplace, Catalog catalog, @CacheName("fork-plans") Cache plans,
                 @CacheName("last-fork-plans") Cache lastPlans) {
        this.marketplace = marketplace;
        this.catalog = catalog;
        this.plans = plans == null ? null : plans.as(CaffeineCache.class);
        this.lastPlans = lastPlans == null ? null : lastPlans.as(CaffeineCache.class);
    }

    /**
     * The content as a fork, checked (on every call: a consent may lapse); empty when it is not a consented fork. The
     * marketplace's answer is kept for a short while ({@code fork-plans}); while the marketplace cannot be asked, its last
     * answer ({@code last-fork-plans}) stands, and a content it never answered about plays as an ordinary content.
     */
    public Uni<Optional<SponsoredFork>> of(Published content) {
        String id = content.contentId();
        CompletableFuture<Optional<ForkView>> fresh = plans.getIfPresent(id);
        Uni<Optional<ForkView>> plan = fresh != null ? Uni.createFrom().completionStage(fresh) : marketplace.fork(id).map(Optional::of)
                .onFailure(NotInCatalogException.class).recoverWithItem(() -> lapsedFork(id))
                .invoke(answer -> {
                    plans.put(id, CompletableFuture.completedFuture(answer));
                    lastPlans.put(id, CompletableFuture.completedFuture(answer));
                })
                .onFailure().recoverWithUni(e -> {
                    CompletableFuture<Optional<ForkView>> last = lastPlans.getIfPresent(id);
                    LOG.debugf("the marketplace cannot say whether %s is a fork (%s): %s", id, e.toString(),
                            last == null ? "played as an ordinary content" : "its last answer stands");
                    return last == null ? Uni.createFrom().item(Optional.<ForkView>empty()) : Uni.createFrom().completionStage(last);
                });
        return plan.chain(view -> view.isEmpty() ? Uni.createFrom().item(Optional.<SponsoredFork>empty())
                : catalog.find(view.get().original().contentId()).chain(original -> catalog.find(view.get().ad().contentId())
                .map(ad -> Optional.of(check(content, original, ad, view.get(), Instant.now())))));
    }

    /**
     * The marketplace no longer names a lapsed fork: when this gateway last knew the content as a fork whose term has
     * ended since, that plan stands, so the viewer is told the consent lapsed instead of seeing the fork as an ordinary
     * content.
     */
    private Optional<ForkView> lapsedFork(String id) {
        CompletableFuture<Optional<ForkView>> last = lastPlans.getIfPresent(id);
        Optional<ForkView> known = last == null ? Optional.empty() : last.getNow(Optional.empty());
        return known.filter(v -> !Instant.parse(v.termEnd()).isAfter(Instant.now()));
    }

    /** The original's consented forks, best seeded first; none when the marketplace cannot say (the original still plays). */
    public Uni<List<ForkView>> forksOf(String originalId) {
        return marketplace.forksOf(originalId).onFailure().recoverWithItem(e -> {
            LOG.debugf("no forks listed for %s: %s", originalId, e.toString());
            return List.of();
        });
    }

    /** Forwards a viewer's receipts of a fork's ads to the marketplace, which verifies and counts them. */
    public Uni<AdDeliveryBatch.Counted> deliver(String forkId, AdDeliveryBatch delivery) {
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
