package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.OrderRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.shoal.service.html.Html.escape;

/** The creator's page: their orders, where each replica is and in what state, audits per epoch, and spending. */
final class CreatorPage {

    private static final List<String> SHOWN_STATES = List.of("PROPOSED", "TRANSFERRING", "ACTIVE", "WARNED", "FAILED", "EXPIRED", "CANCELLED");

    record View(String user, List<OrderRow> orders, List<ReplicaRow> replicas, List<EpochCount> audits, Duration epoch,
                String tokenSymbol, Integer tokenDecimals) {
    }

    private CreatorPage() {
    }

    static String render(View v) {
        StringBuilder body = new StringBuilder();
        Map<UUID, List<ReplicaRow>> byOrder = v.replicas().stream().collect(Collectors.groupingBy(ReplicaRow::orderId));

        body.append("<h2>Replicas by region</h2>").append(Svg.regionMap(v.replicas()))
                .append(Svg.legend(Svg.STATE_COLOURS, SHOWN_STATES));
        body.append("<h2>Audits per epoch</h2>").append(Svg.auditChart(v.audits(), v.epoch()))
                .append(Svg.legend(Svg.OUTCOME_COLOURS, List.of("PASSED", "FAILED", "MISSED")))
                .append("<p class=\"muted\">Epochs of ").append(escape(v.epoch().toString().substring(2).toLowerCase()))
                .append(", labelled by their start (UTC); first audits count in the epoch they were issued in.</p>");

        body.append("<h2>Spending</h2>");
        BigInteger escrowed = BigInteger.ZERO;
        BigInteger settled = BigInteger.ZERO;
        for (OrderRow o : v.orders()) {
            if (o.escrowed() != null) {
                escrowed = escrowed.add(o.escrowed());
                settled = settled.add(o.pricePerReplicaEpoch().multiply(BigInteger.valueOf(o.escrowReplicas()))
                        .multiply(BigInteger.valueOf(o.settledEpochs())));
            }
        }
        body.append("<table class=\"spending\"><tr><th>escrowed for your orders</th><td class=\"num\" id=\"escrowed\">")
                .append(Layout.tokens(escrowed, v.tokenSymbol(), v.tokenDecimals())).append("</td></tr>")
                .append("<tr><th>of which in settled epochs (paid to agents that passed, the rest refunded at the end)</th><td class=\"num\">")
                .append(Layout.tokens(settled, v.tokenSymbol(), v.tokenDecimals())).append("</td></tr></table>");

        body.append("<h2>Orders</h2>");
        if (v.orders().isEmpty()) {
            body.append("<p>No orders yet. Register a content and <code>POST /api/orders</code>.</p>");
        }
        for (OrderRow o : v.orders()) {
            List<ReplicaRow> replicas = byOrder.getOrDefault(o.id(), List.of());
            long live = replicas.stream().filter(r -> List.of("PROPOSED", "TRANSFERRING", "ACTIVE").contains(r.state())).count();
            long active = replicas.stream().filter(r -> "ACTIVE".equals(r.state())).count();
            body.append("<section class=\"order\" data-order=\"").append(escape(o.id().toString())).append("\">")
                    .append("<h3>").append(escape(o.title())).append(" <span class=\"muted\">order ").append(Layout.shortId(o.id()))
                    .append("</span></h3><p>content ").append(Layout.shortId(o.contentId())).append(" · ordered ").append(Layout.time(o.createdAt()))
                    .append(" · <b>").append(active).append(" of ").append(o.replicas()).append("</b> replicas active, ").append(live)
                    .append(" live · ").append(o.epochs()).append(" epochs at most ").append(escape(o.maxPricePerGbEpochWei().toString()))
                    .append(" per GB-epoch</p>");
            body.append("<p>escrow: ").append(escrow(o, v)).append("</p>");
            body.append("<table><tr><th>agent</th><th>region</th><th>state</th><th>strikes</th><th class=\"num\">bytes verified</th>")
                    .append("<th>last audit</th></tr>");
            for (ReplicaRow r : replicas) {
                String state = Svg.shownState(r);
                body.append("<tr class=\"replica\"><td>").append(Layout.shortId(r.agent())).append(" <span class=\"muted\">")
                        .append(escape(r.endpoint())).append("</span></td><td>").append(escape(r.region())).append("</td><td style=\"color:")
                        .append(Svg.STATE_COLOURS.getOrDefault(state, "#000")).append("\">").append(escape(state)).append("</td><td>")
                        .append(r.strikes()).append("</td><td class=\"num\">").append(Layout.bytes(r.bytesVerified())).append("</td><td>")
                        .append(Layout.time(r.lastAuditAt())).append("</td></tr>");
            }
            body.append("</table></section>");
        }
        if (v.orders().stream().anyMatch(o -> o.escrowStatus() == null)) {
            body.append("<script type=\"module\" src=\"/assets/fund.js\"></script>");
        }
        return Layout.page("Your storage", v.user(), body.toString());
    }

    private static String escrow(OrderRow o, View v) {
        if (o.escrowStatus() == null) {
            // fund.js fills this in: the funding status, and a button for the browser's wallet once there is something to sign
            return "<span class=\"muted\">not funded yet (funded once every replica is placed)</span> <span data-funding-order=\""
                    + escape(o.id().toString()) + "\"></span>";
        }
        if (!"FUNDED".equals(o.escrowStatus())) {
            return "<span class=\"bad\">" + escape(o.escrowStatus()) + (o.escrowError() == null ? "" : ": " + escape(o.escrowError())) + "</span>";
        }
        return Layout.tokens(o.escrowed(), v.tokenSymbol(), v.tokenDecimals()) + " escrowed ("
                + Layout.tokens(o.pricePerReplicaEpoch(), v.tokenSymbol(), v.tokenDecimals()) + " per replica-epoch × "
                + o.escrowReplicas() + " × " + o.escrowEpochs() + "), " + o.settledEpochs() + " of " + o.escrowEpochs() + " epochs settled";
    }
}
