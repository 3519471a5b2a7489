package dev.shoal.gateway.fork;

import dev.shoal.contracts.fork.AdSpan;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.gateway.catalog.Catalog.Published;

import java.util.List;

/**
 * A fork the gateway plays: the marketplace's plan, checked here against the original, the ad and the creator's signed
 * consent ({@link Forks#of}).
 */
public record SponsoredFork(ForkView view, Published original, Published ad, ForkPlan plan) {

    /** One ad break as the viewer's timeline has it (the fork's first rendition), in seconds. */
    public record Ad(String id, double startSeconds, double durationSeconds, double cueSeconds) {
    }

    /** Where the ads play in the fork's rendition {@code name}: the playlist marks them. */
    public List<AdSpan> spans(String rendition) {
        return Fork.adSpans(original.manifest(), ad.manifest(), plan, rendition);
    }

    /** The ad breaks on the player's timeline. */
    public List<Ad> ads() {
        return spans(original.manifest().renditions().getFirst().name()).stream()
                .map(s -> new Ad("ad-" + s.number(), s.startMicros() / 1e6, s.durationMicros() / 1e6, s.cueMicros() / 1e6)).toList();
    }

    /** Who sponsors the fork, as people know them. */
    public String advertiserName() {
        return view.advertiserName() == null || view.advertiserName().isBlank() ? view.advertiser() : view.advertiserName();
    }
}
