package dev.shoal.gateway.watch;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The player page of a content, or the player alone for an iframe ({@code templates/watch/WatchPage.html}); the
 * player (player.js) fills in the replicas, the swarm and the sources from {@code /api/watch}.
 *
 * @param creator     the creator's address, as the signed manifest names it
 * @param creatorName the name people know the creator by (from the marketplace's catalog), shown first
 * @param embed    the player without the page around it
 * @param embedUrl where the embeddable form of this page is, for the snippet to copy
 */
@CheckedTemplate(basePath = "watch")
public record WatchPage(String contentId, String title, String creator, String creatorName, boolean embed, String embedUrl)
        implements TemplateInstance {
}
