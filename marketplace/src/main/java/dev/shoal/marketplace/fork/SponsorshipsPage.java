package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The creator's sponsorship requests ({@code templates/dashboard/SponsorshipsPage.html}): pending ones with their terms
 * and Accept (the wallet signs the consent's typed data, sponsor.js) and Decline; answered ones below, with the
 * cancel(fork) call of each sponsorship the contract lets its creator cancel now ({@code cancels}, by fork id).
 */
@CheckedTemplate(basePath = "dashboard")
public record SponsorshipsPage(String user, List<ForkView> pending, List<ForkView> answered, java.util.Map<String, String> cancels) implements TemplateInstance {
}
