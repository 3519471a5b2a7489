package dev.shoal.gateway.live;

import dev.shoal.contracts.market.MarketAsks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * What the storage market asks now for an archive's replicas, beside the price on the studio's "Schedule a room" form
 * ({@code templates/live/StudioMarketAsks.html}): drawn with the form for its replicas, and fetched again from
 * {@code /studio/live/asks?replicas=N} as the creator changes them, so the hint is always for the count on the form.
 *
 * @param market the marketplace's answer, or null when it did not say (an empty, hidden element the page can fill later)
 */
@CheckedTemplate(basePath = "live")
public record StudioMarketAsks(MarketAsks market) implements TemplateInstance {
}
