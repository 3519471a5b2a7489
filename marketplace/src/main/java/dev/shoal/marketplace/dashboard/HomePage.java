package dev.shoal.marketplace.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The marketplace's front page ({@code templates/dashboard/HomePage.html}): where the dashboards and the API are. */
@CheckedTemplate(basePath = "dashboard")
public record HomePage() implements TemplateInstance {
}
