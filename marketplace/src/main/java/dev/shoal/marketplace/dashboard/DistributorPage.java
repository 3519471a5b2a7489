package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.dashboard.Charts.AuditChart;
import dev.shoal.marketplace.dashboard.Charts.Key;
import dev.shoal.marketplace.dashboard.DashboardQueries.AgentRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.AuditRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.Formats.ShortId;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distributor's page ({@code templates/dashboard/DistributorPage.html}): their agents, each agent's deals and
 * earnings, and their audit history.
 */
@CheckedTemplate(basePath = "dashboard")
public record DistributorPage(String user, List<Agent> agents, AuditChart audits, List<Key> outcomes, List<Deal> deals,
                              List<Audit> recentAudits) implements TemplateInstance {

    /**
     * @param earningsNote why there are no escrow figures ("—" when the marketplace has none, the error when the chain
     *                     could not be read); null when {@code claimable} and {@code withdrawable} are shown
     */
    public record Agent(String address, ShortId id, String endpoint, String region, String used, String capacity, String price,
                        long liveDeals, String reputation, String lastHeartbeat, String earningsNote, String claimable,
                        String withdrawable) {
    }

    public record Deal(ShortId agent, String title, ShortId content, String state, String escrow, String slot, String settled,
                       String pricePerEpoch, String claimable) {
    }

    public record Audit(String issuedAt, ShortId agent, String title, String kind, String outcome, String colour, String detail) {
    }

    static DistributorPage of(String user, List<AgentRow> agents, Map<String, Double> reputations, Map<String, AgentEarnings> earnings,
                              List<EpochCount> audits, List<AuditRow> recentAudits, Duration epoch) {
        List<Agent> shownAgents = new ArrayList<>();
        List<Deal> deals = new ArrayList<>();
        for (AgentRow a : agents) {
            AgentEarnings e = earnings.get(a.address());
            Double reputation = reputations.get(a.address());
            boolean figures = e != null && e.chainError() == null;
            shownAgents.add(new Agent(a.address(), ShortId.of(a.address()), a.endpoint(), a.region(), Formats.bytes(a.usedBytes()),
                    Formats.bytes(a.capacityBytes()), String.valueOf(a.pricePerGbEpochWei()), a.liveDeals(),
                    reputation == null ? Formats.NONE : String.format(Locale.ROOT, "%.2f", reputation), Formats.time(a.lastHeartbeatAt()),
                    figures ? null : e == null ? Formats.NONE : e.chainError(),
                    figures ? tokens(e.claimable(), e) : null, figures ? tokens(e.withdrawable(), e) : null));
            if (e == null) {
                continue;
            }
            for (AgentEarnings.DealEarnings d : e.deals()) {
                deals.add(new Deal(ShortId.of(a.address()), d.title(), ShortId.of(d.contentId()), d.state(),
                        d.escrow() == null ? Formats.NONE : d.escrow(), d.slot() == null ? Formats.NONE : d.slot().toString(),
                        d.settledEpochs() == null ? Formats.NONE : d.settledEpochs() + " / " + d.epochs(),
                        tokens(d.pricePerEpoch(), e), tokens(d.claimable(), e)));
            }
        }
        List<Audit> recent = recentAudits.stream().map(a -> new Audit(Formats.time(a.issuedAt()), ShortId.of(a.agent()), a.title(), a.kind(),
                a.outcome(), Charts.OUTCOME_COLOURS.getOrDefault(a.outcome(), "inherit"), a.detail())).toList();
        return new DistributorPage(user, shownAgents, Charts.auditChart(audits, epoch), Charts.keys(Charts.OUTCOME_COLOURS, Charts.OUTCOMES),
                deals, recent);
    }

    private static String tokens(String units, AgentEarnings e) {
        return units == null ? Formats.NONE : Formats.tokens(new BigInteger(units), e.token(), e.decimals());
    }
}
