package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.dashboard.DashboardQueries.AgentRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.AuditRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.shoal.service.html.Html.escape;

/** The distributor's page: their agents, each agent's deals and earnings, and their audit history. */
final class DistributorPage {

    record View(String user, List<AgentRow> agents, Map<String, Double> reputations, Map<String, AgentEarnings> earnings,
                List<EpochCount> audits, List<AuditRow> recentAudits, Duration epoch) {
    }

    private DistributorPage() {
    }

    static String render(View v) {
        StringBuilder body = new StringBuilder("<h2>Agents</h2>");
        if (v.agents().isEmpty()) {
            body.append("<p>No agents yet: start a <code>distributor-agent</code> with your account and it registers itself.</p>");
        } else {
            body.append("<table><tr><th>agent</th><th>endpoint</th><th>region</th><th class=\"num\">used / capacity</th>")
                    .append("<th class=\"num\">price per GB-epoch</th><th class=\"num\">live deals</th><th class=\"num\">reputation</th>")
                    .append("<th>last heartbeat</th><th class=\"num\">claimable</th><th class=\"num\">withdrawable</th></tr>");
            for (AgentRow a : v.agents()) {
                AgentEarnings e = v.earnings().get(a.address());
                Double reputation = v.reputations().get(a.address());
                body.append("<tr class=\"agent\" data-agent=\"").append(escape(a.address())).append("\"><td>").append(Layout.shortId(a.address()))
                        .append("</td><td>").append(escape(a.endpoint())).append("</td><td>").append(escape(a.region()))
                        .append("</td><td class=\"num\">").append(Layout.bytes(a.usedBytes())).append(" / ").append(Layout.bytes(a.capacityBytes()))
                        .append("</td><td class=\"num\">").append(escape(String.valueOf(a.pricePerGbEpochWei()))).append("</td><td class=\"num\">")
                        .append(a.liveDeals()).append("</td><td class=\"num\">")
                        .append(reputation == null ? "—" : String.format(Locale.ROOT, "%.2f", reputation)).append("</td><td>")
                        .append(Layout.time(a.lastHeartbeatAt())).append("</td>");
                if (e == null || e.chainError() != null) {
                    body.append("<td colspan=\"2\" class=\"muted\">").append(e == null ? "—" : escape(e.chainError())).append("</td>");
                } else {
                    body.append("<td class=\"num\">").append(Layout.tokens(new BigInteger(e.claimable()), e.token(), e.decimals()))
                            .append("</td><td class=\"num\">").append(Layout.tokens(new BigInteger(e.withdrawable()), e.token(), e.decimals()))
                            .append("</td>");
                }
                body.append("</tr>");
            }
            body.append("</table>");
        }

        body.append("<h2>Audits per epoch</h2>").append(Svg.auditChart(v.audits(), v.epoch()))
                .append(Svg.legend(Svg.OUTCOME_COLOURS, List.of("PASSED", "FAILED", "MISSED")));

        body.append("<h2>Deals</h2><table><tr><th>agent</th><th>content</th><th>state</th><th>escrow</th><th>slot</th>")
                .append("<th class=\"num\">epochs settled</th><th class=\"num\">per epoch</th><th class=\"num\">claimable</th></tr>");
        for (AgentRow a : v.agents()) {
            AgentEarnings e = v.earnings().get(a.address());
            if (e == null) {
                continue;
            }
            for (AgentEarnings.DealEarnings d : e.deals()) {
                body.append("<tr class=\"deal\"><td>").append(Layout.shortId(a.address())).append("</td><td>").append(escape(d.title()))
                        .append(" ").append(Layout.shortId(d.contentId())).append("</td><td>").append(escape(d.state())).append("</td><td>")
                        .append(escape(d.escrow() == null ? "—" : d.escrow())).append("</td><td>").append(d.slot() == null ? "—" : d.slot())
                        .append("</td><td class=\"num\">").append(d.settledEpochs() == null ? "—" : d.settledEpochs() + " / " + d.epochs())
                        .append("</td><td class=\"num\">").append(d.pricePerEpoch() == null ? "—"
                                : Layout.tokens(new BigInteger(d.pricePerEpoch()), e.token(), e.decimals()))
                        .append("</td><td class=\"num\">").append(d.claimable() == null ? "—"
                                : Layout.tokens(new BigInteger(d.claimable()), e.token(), e.decimals()))
                        .append("</td></tr>");
            }
        }
        body.append("</table>");

        body.append("<h2>Recent audits</h2><table><tr><th>issued</th><th>agent</th><th>content</th><th>kind</th><th>outcome</th>")
                .append("<th>detail</th></tr>");
        for (AuditRow a : v.recentAudits()) {
            body.append("<tr class=\"audit\"><td>").append(Layout.time(a.issuedAt())).append("</td><td>").append(Layout.shortId(a.agent()))
                    .append("</td><td>").append(escape(a.title())).append("</td><td>").append(escape(a.kind())).append("</td><td style=\"color:")
                    .append(Svg.OUTCOME_COLOURS.getOrDefault(a.outcome(), "#1d2330")).append("\">").append(escape(a.outcome()))
                    .append("</td><td class=\"muted\">").append(escape(a.detail())).append("</td></tr>");
        }
        body.append("</table>");
        return Layout.page("Your agents", v.user(), body.toString());
    }
}
