package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.settlement.OrderEscrow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the dashboards show, read-only, each query in a session of its own (or the caller's). Every query is scoped
 * by the signed-in user: a creator's orders by owner, a distributor's agents by operator.
 */
@ApplicationScoped
public class DashboardQueries {

    /** The newest orders a page lists. */
    static final int MAX_ORDERS = 50;
    /** Epochs an audit chart covers. */
    static final int CHART_EPOCHS = 24;
    /** Audits listed on the distributor's page. */
    static final int RECENT_AUDITS = 25;

    /** A creator's order with its escrow (null fields when not funded yet). */
    public record OrderRow(UUID id, String contentId, String title, int replicas, int epochs, BigInteger maxPricePerGbEpochWei,
                           OffsetDateTime createdAt, String escrowStatus, BigInteger pricePerReplicaEpoch, Integer escrowReplicas,
                           Integer escrowEpochs, Integer settledEpochs, String escrowError) {

        /** What the escrow holds for the whole order: price per replica-epoch x replicas x epochs. */
        public BigInteger escrowed() {
            if (!"FUNDED".equals(escrowStatus) || pricePerReplicaEpoch == null) {
                return null;
            }
            return pricePerReplicaEpoch.multiply(BigInteger.valueOf(escrowReplicas)).multiply(BigInteger.valueOf(escrowEpochs));
        }
    }

    /** One replica (deal) with where its agent is. */
    public record ReplicaRow(UUID dealId, UUID orderId, String agent, String region, String endpoint, String state, int strikes,
                             long bytesVerified, OffsetDateTime lastAuditAt) {
    }

    /** How many audits of one epoch ended in one outcome. */
    public record EpochCount(long epoch, String outcome, long count) {
    }

    /** A distributor's agent. */
    public record AgentRow(String address, String endpoint, String region, long capacityBytes, long usedBytes,
                           BigInteger pricePerGbEpochWei, OffsetDateTime registeredAt, OffsetDateTime lastHeartbeatAt,
                           long liveDeals) {
    }

    /** One decided or pending audit of a distributor's agent. */
    public record AuditRow(OffsetDateTime issuedAt, String agent, String title, String kind, String outcome, String detail) {
    }

    private final Clock clock;

    public DashboardQueries(Clock clock) {
        this.clock = clock;
    }

    @WithSession
    public Uni<List<OrderRow>> ordersOf(String owner) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("""
                        select o.id, o.contentId, c.title, o.replicas, o.epochs, o.maxPricePerGbEpochWei, o.createdAt,
                               e.status, e.maxPricePerReplicaEpoch, e.replicas, e.epochs, e.settledEpochs, e.error
                        from StorageOrder o
                        join Content c on c.contentId = o.contentId
                        left join OrderEscrow e on e.orderId = o.id
                        where o.owner = :owner
                        order by o.createdAt desc, o.id""", Object[].class)
                .setParameter("owner", owner).setMaxResults(MAX_ORDERS).getResultList())
                .map(rows -> rows.stream().map(r -> new OrderRow((UUID) r[0], (String) r[1], (String) r[2], (int) r[3], (int) r[4],
                        (BigInteger) r[5], (OffsetDateTime) r[6], r[7] == null ? null : ((OrderEscrow.Status) r[7]).name(),
                        (BigInteger) r[8], (Integer) r[9], (Integer) r[10], (Integer) r[11], (String) r[12])).toList());
    }

    @WithSession
    public Uni<List<ReplicaRow>> replicasOf(List<UUID> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery("""
                        select d.id, d.orderId, d.agent, a.region, a.endpoint, d.state, d.strikes, d.bytesVerified, d.lastAuditAt
                        from Deal d join Agent a on a.address = d.agent
                        where d.orderId in :orders
                        order by d.createdAt, d.id""", Object[].class)
                .setParameter("orders", orders).getResultList())
                .map(rows -> rows.stream().map(r -> new ReplicaRow((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4],
                        ((DealState) r[5]).name(), (int) r[6], (long) r[7], (OffsetDateTime) r[8])).toList());
    }

    /** Decided audits of the owner's replicas per epoch and outcome, over the last {@link #CHART_EPOCHS} epochs. */
    @WithSession
    public Uni<List<EpochCount>> auditsOfOwner(String owner, Duration epoch) {
        return epochCounts("join StorageOrder o on o.id = d.orderId where o.owner = :who", owner, epoch);
    }

    /** Decided audits of the operator's agents per epoch and outcome, over the last {@link #CHART_EPOCHS} epochs. */
    @WithSession
    public Uni<List<EpochCount>> auditsOfOperator(String operator, Duration epoch) {
        return epochCounts("join Agent g on g.address = d.agent where g.operator = :who", operator, epoch);
    }

    // an EPOCH audit names its epoch, counted by the database; a FIRST audit (one per deal) counts in the epoch it was issued in
    private Uni<List<EpochCount>> epochCounts(String scope, String who, Duration epoch) {
        OffsetDateTime since = OffsetDateTime.now(clock).minus(epoch.multipliedBy(CHART_EPOCHS));
        String decided = " and a.outcome <> :pending and a.issuedAt >= :since";
        return Panache.getSession().chain(s -> s.createSelectionQuery("select a.epoch, a.outcome, count(*) from Audit a join Deal d on d.id = a.dealId "
                        + scope + decided + " and a.epoch is not null group by a.epoch, a.outcome", Object[].class)
                .setParameter("who", who).setParameter("pending", Audit.Outcome.PENDING).setParameter("since", since)
                .getResultList()
                .chain(perEpoch -> s.createSelectionQuery("select a.issuedAt, a.outcome from Audit a join Deal d on d.id = a.dealId "
                                + scope + decided + " and a.epoch is null", Object[].class)
                        .setParameter("who", who).setParameter("pending", Audit.Outcome.PENDING).setParameter("since", since)
                        .getResultList()
                        .map(first -> {
                            Map<Long, Map<String, Long>> counts = new TreeMap<>();
                            for (Object[] r : perEpoch) {
                                counts.computeIfAbsent((Long) r[0], n -> new TreeMap<>()).merge(((Audit.Outcome) r[1]).name(), (Long) r[2], Long::sum);
                            }
                            for (Object[] r : first) {
                                long n = Math.floorDiv(((OffsetDateTime) r[0]).toInstant().toEpochMilli(), epoch.toMillis());
                                counts.computeIfAbsent(n, k -> new TreeMap<>()).merge(((Audit.Outcome) r[1]).name(), 1L, Long::sum);
                            }
                            List<EpochCount> out = new ArrayList<>();
                            counts.forEach((n, byOutcome) -> byOutcome.forEach((outcome, c) -> out.add(new EpochCount(n, outcome, c))));
                            return out;
                        })));
    }

    @WithSession
    public Uni<List<AgentRow>> agentsOf(String operator) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("""
                        select g, (select count(d) from Deal d where d.agent = g.address and d.state in :live)
                        from Agent g
                        where g.operator = :operator
                        order by g.registeredAt, g.address""", Object[].class)
                .setParameter("live", DealState.LIVE).setParameter("operator", operator).getResultList())
                .map(rows -> rows.stream().map(r -> {
                    Agent g = (Agent) r[0];
                    return new AgentRow(g.address, g.endpoint, g.region, g.capacityBytes, g.usedBytes, g.pricePerGbEpochWei,
                            g.registeredAt, g.lastHeartbeatAt, (Long) r[1]);
                }).toList());
    }

    @WithSession
    public Uni<List<AuditRow>> recentAuditsOf(String operator) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("""
                        select a.issuedAt, d.agent, c.title, a.kind, a.outcome, a.detail
                        from Audit a
                        join Deal d on d.id = a.dealId
                        join Agent g on g.address = d.agent
                        join StorageOrder o on o.id = d.orderId
                        join Content c on c.contentId = o.contentId
                        where g.operator = :operator
                        order by a.issuedAt desc, a.id""", Object[].class)
                .setParameter("operator", operator).setMaxResults(RECENT_AUDITS).getResultList())
                .map(rows -> rows.stream().map(r -> new AuditRow((OffsetDateTime) r[0], (String) r[1], (String) r[2],
                        ((Audit.Kind) r[3]).name(), ((Audit.Outcome) r[4]).name(), (String) r[5])).toList());
    }
}
