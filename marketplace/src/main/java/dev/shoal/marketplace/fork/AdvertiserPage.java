package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Map;

/** The advertiser's forks, their state and replicas, and the consented ones' ad delivery and next step to a sponsorship (order storage, fund it, fund the sponsorship) ({@code templates/dashboard/AdvertiserPage.html}). */
@CheckedTemplate(basePath = "dashboard")
public record AdvertiserPage(String user, List<ForkView> forks, String gateway, List<AdDeliveryService.Delivery> deliveries,
                             Map<String, ForkStorage.Step> steps) implements TemplateInstance {
}
