package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Map;

/**
 * The advertiser's forks, their state and replicas, and the consented ones' ad delivery and next step to a sponsorship
 * (order storage, fund it, fund the sponsorship) ({@code templates/dashboard/AdvertiserPage.html}); {@code cancels}: for
 * each sponsorship the contract still lets the advertiser cancel (FUNDED, term not ended), the cancel(fork) call a
 * wallet sends to its contract ({@code funding.claimTo}), by fork id; {@code studio}: the ad upload's limits (the
 * creator's studio's pipeline, studio.js).
 */
@CheckedTemplate(basePath = "dashboard")
public record AdvertiserPage(String user, List<ForkView> forks, String gateway, List<AdDeliveryService.Delivery> deliveries,
                             Map<String, ForkStorage.Step> steps, Map<String, String> cancels,
                             dev.shoal.marketplace.dashboard.CreatorPage.Studio studio) implements TemplateInstance {
}
