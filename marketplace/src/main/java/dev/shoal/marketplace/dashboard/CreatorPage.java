package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.dashboard.Charts.AuditChart;
import dev.shoal.marketplace.dashboard.Charts.Key;
import dev.shoal.marketplace.dashboard.Charts.RegionMap;
import dev.shoal.marketplace.dashboard.DashboardQueries.EpochCount;
import dev.shoal.marketplace.dashboard.DashboardQueries.OrderRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.ReplicaRow;
import dev.shoal.marketplace.dashboard.Formats.ShortId;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The creator's page ({@code templates/dashboard/CreatorPage.html}): their orders, where each replica is and in what
 * state, audits per epoch, and spending.
 *
 * @param funding whether an order still waits for its escrow, so the page loads fund.js
 * @param studio  the upload's limits and where watch links point
 */
@CheckedTemplate(basePath = "dashboard")
public record CreatorPage(String user, RegionMap regions, List<Key> states, AuditChart audits, List<Key> outcomes, String epoch,
                          String escrowed, String settled, List<Order> orders, boolean funding, Studio studio) implements TemplateInstance {

    /** The upload panel's settings: the gateway of watch links, the chunk size, the largest video taken. */
    public record Studio(String gateway, int chunkBytes, long maxBytes) {

        static final Studio DEFAULT = new Studio("http://127.0.0.1:8082", 4 << 20, 4L << 30);

        public String maxSize() {
            return Formats.bytes(maxBytes);
        }
    }

    private static final List<String> LIVE = List.of("PROPOSED", "TRANSFERRING", "ACTIVE");

    public record Order(String id, ShortId shortId, String title, ShortId content, String orderedAt, long active, int replicas,
                        long live, int epochs, String maxPricePerGbMonth, Escrow escrow, List<Replica> rows) {
    }

    /**
     * What the escrow holds for an order. Not funded yet ({@code status} null): fund.js fills in the funding state
     * and a button for the browser's wallet; a funding that failed names its status and error.
     */
    public record Escrow(String status, String error, String escrowed, String pricePerReplicaEpoch, Integer replicas, Integer epochs,
                         Integer settledEpochs) {

        public boolean pending() {
            return status == null;
        }

        public boolean funded() {
            return "FUNDED".equals(status);
        }
    }

    public record Replica(ShortId agent, String endpoint, String region, String state, String colour, int strikes, String bytesVerified,
                          String lastAudit) {
    }

    static CreatorPage of(String user, List<OrderRow> orders, List<ReplicaRow> replicas, List<EpochCount> audits, Duration epoch,
                          String tokenSymbol, Integer tokenDecimals) {
        return of(user, orders, replicas, audits, epoch, tokenSymbol, tokenDecimals, Studio.DEFAULT);
    }

    static CreatorPage of(String user, List<OrderRow> orders, List<ReplicaRow> replicas, List<EpochCount> audits, Duration epoch,
                          String tokenSymbol, Integer tokenDecimals, Studio studio) {
        Map<UUID, List<ReplicaRow>> byOrder = replicas.stream().collect(Collectors.groupingBy(ReplicaRow::orderId));
        BigInteger escrowed = BigInteger.ZERO;
        BigInteger settled = BigInteger.ZERO;
        for (OrderRow o : orders) {
            if (o.escrowed() != null) {
                escrowed = escrowed.add(o.escrowed());
                settled = settled.add(o.pricePerReplicaEpoch().multiply(BigInteger.valueOf(o.escrowReplicas()))
                        .multiply(BigInteger.valueOf(o.settledEpochs())));
            }
        }
        List<Order> shown = orders.stream().map(o -> order(o, byOrder.getOrDefault(o.id(), List.of()), tokenSymbol, tokenDecimals, epoch)).toList();
        return new CreatorPage(user, Charts.regionMap(replicas), Charts.keys(Charts.STATE_COLOURS, Charts.SHOWN_STATES),
                Charts.auditChart(audits, epoch), Charts.keys(Charts.OUTCOME_COLOURS, Charts.OUTCOMES),
                epoch.toString().substring(2).toLowerCase(Locale.ROOT), Formats.tokens(escrowed, tokenSymbol, tokenDecimals),
                Formats.tokens(settled, tokenSymbol, tokenDecimals), shown, orders.stream().anyMatch(o -> o.escrowStatus() == null), studio);
    }

    private static Order order(OrderRow o, List<ReplicaRow> replicas, String symbol, Integer decimals, Duration epoch) {
        long live = replicas.stream().filter(r -> LIVE.contains(r.state())).count();
        long active = replicas.stream().filter(r -> "ACTIVE".equals(r.state())).count();
        Escrow escrow = new Escrow(o.escrowStatus(), o.escrowError(), Formats.tokens(o.escrowed(), symbol, decimals),
                Formats.tokens(o.pricePerReplicaEpoch(), symbol, decimals), o.escrowReplicas(), o.escrowEpochs(), o.settledEpochs());
        List<Replica> rows = replicas.stream().map(r -> {
            String state = Charts.shownState(r);
            return new Replica(ShortId.of(r.agent()), r.endpoint(), r.region(), state, Charts.stateColour(state), r.strikes(),
                    Formats.bytes(r.bytesVerified()), Formats.time(r.lastAuditAt()));
        }).toList();
        return new Order(o.id().toString(), ShortId.of(o.id()), o.title(), ShortId.of(o.contentId()), Formats.time(o.createdAt()), active,
                o.replicas(), live, o.epochs(),
                Formats.tokens(dev.shoal.contracts.money.Susd.perMonth(o.maxPricePerGbEpochWei(), epoch), symbol, decimals), escrow, rows);
    }
}
