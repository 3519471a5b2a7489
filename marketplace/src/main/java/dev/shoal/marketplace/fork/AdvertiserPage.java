package dev.shoal.marketplace.fork;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The advertiser's forks, their state and replicas ({@code templates/dashboard/AdvertiserPage.html}). */
@CheckedTemplate(basePath = "dashboard")
public record AdvertiserPage(String user, List<ForkView> forks, String gateway) implements TemplateInstance {
}
