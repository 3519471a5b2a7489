package dev.shoal.gateway.watch;

import dev.shoal.gateway.catalog.Catalog.Published;
import dev.shoal.gateway.fork.ForkOffer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The player page of a content, or the player alone for an iframe ({@code templates/watch/WatchPage.html}); the
 * player (player.js) fills in the replicas, the swarm and the sources from {@code /api/watch}.
 *
 * @param creator          the creator's address, as the signed manifest names it
 * @param creatorName      the name people know the creator by (from the marketplace's catalog), shown first
 * @param embed            the player without the page around it
 * @param embedUrl         where the embeddable form of this page is, for the snippet to copy
 * @param fork             on a fork's page: its sponsor and its original; null otherwise
 * @param refusal          why this content is not played (a fork whose consent lapsed or does not verify); null when it plays
 * @param originalReplicas on an original's page: its ACTIVE replicas, beside its forks'
 * @param forks            on an original's page: its consented forks, best seeded first
 * @param first            the fork offered before the original (its consent allows it and it is much better seeded), or null
 */
@CheckedTemplate(basePath = "watch")
public record WatchPage(String contentId, String title, String creator, String creatorName, boolean embed, String embedUrl,
                        WatchResource.ForkInfo fork, String refusal, int originalReplicas, List<ForkOffer> forks,
                        ForkOffer first)
        implements TemplateInstance {

    static WatchPage of(Published p, boolean embed, String embedUrl) {
        return new WatchPage(p.contentId(), p.title(), p.creator(), p.creatorName(), embed, embedUrl, null, null, 0, List.of(), null);
    }

    WatchPage sponsored(WatchResource.ForkInfo fork) {
        return new WatchPage(contentId, title, creator, creatorName, embed, embedUrl, fork, null, originalReplicas, forks, first);
    }

    WatchPage refused(String why) {
        return new WatchPage(contentId, title, creator, creatorName, embed, embedUrl, null, why, originalReplicas, forks, first);
    }

    WatchPage offering(int replicas, List<ForkOffer> offers) {
        return new WatchPage(contentId, title, creator, creatorName, embed, embedUrl, fork, refusal, replicas, offers,
                offers.stream().filter(ForkOffer::offeredFirst).findFirst().orElse(null));
    }
}
