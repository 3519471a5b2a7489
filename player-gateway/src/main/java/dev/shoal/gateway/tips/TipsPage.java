package dev.shoal.gateway.tips;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The tips page ({@code templates/tips/TipsPage.html}): an account's tips received, its balance on the splitter
 * and a withdrawal. The page is a frame; dashboard.js fills it from the tips API.
 */
@CheckedTemplate(basePath = "tips")
public record TipsPage() implements TemplateInstance {
}
