package dev.shoal.marketplace.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The HTML 403 a signed-in person sees on a dashboard their roles do not open ({@code templates/dashboard/ForbiddenPage.html}). */
@CheckedTemplate(basePath = "dashboard")
public record ForbiddenPage(String user, String needed) implements TemplateInstance {
}
