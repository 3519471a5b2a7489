package dev.shoal.marketplace.dashboard;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the dashboards show, read-only, on the reactive PostgreSQL client. Every query is scoped by the
 * signed-in user: a creator's orders by owner, a distributor's agents by operator.
 */
@Singleton
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

    private final Pool pool;

    public DashboardQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<OrderRow>> ordersOf(String owner) {
        return pool.preparedQuery("""
                        select o.id, o.content_id, c.title, o.replicas, o.epochs, o.max_price_per_gb_epoch_wei, o.created_at,
                               e.status, e.price_per_replica_epoch, e.replicas as escrow_replicas, e.epochs as escrow_epochs,
                               e.settled_epochs, e.error
                        from storage_order o
                        join content c on c.content_id = o.content_id
                        left join order_escrow e on e.order_id = o.id
                        where o.owner = $1
                        order by o.created_at desc, o.id
                        limit $2""")
                .execute(Tuple.of(owner, MAX_ORDERS)).map(rows -> {
                    List<OrderRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new OrderRow(r.getUUID("id"), r.getString("content_id"), r.getString("title"), r.getInteger("replicas"),
                                r.getInteger("epochs"), integer(r.getBigDecimal("max_price_per_gb_epoch_wei")),
                                r.getOffsetDateTime("created_at"), r.getString("status"), integer(r.getBigDecimal("price_per_replica_epoch")),
                                r.getInteger("escrow_replicas"), r.getInteger("escrow_epochs"), r.getInteger("settled_epochs"),
                                r.getString("error")));
                    }
                    return out;
                });
    }

    public Uni<List<ReplicaRow>> replicasOf(List<UUID> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("""
                        select d.id, d.order_id, d.agent, a.region, a.endpoint, d.state, d.strikes, d.bytes_verified, d.last_audit_at
                        from deal d join agent a on a.address = d.agent
                        where d.order_id = any($1)
                        order by d.created_at, d.id""")
                .execute(Tuple.of(orders.toArray(UUID[]::new))).map(rows -> {
                    List<ReplicaRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ReplicaRow(r.getUUID("id"), r.getUUID("order_id"), r.getString("agent"), r.getString("region"),
                                r.getString("endpoint"), r.getString("state"), r.getInteger("strikes"), r.getLong("bytes_verified"),
                                r.getOffsetDateTime("last_audit_at")));
                    }
                    return out;
                });
    }

    /** Decided audits of the owner's replicas per epoch and outcome, over the last {@link #CHART_EPOCHS} epochs. */
    public Uni<List<EpochCount>> auditsOfOwner(String owner, Duration epoch) {
        return epochCounts("join storage_order o on o.id = d.order_id where o.owner = $1", owner, epoch);
    }

    /** Decided audits of the operator's agents per epoch and outcome, over the last {@link #CHART_EPOCHS} epochs. */
    public Uni<List<EpochCount>> auditsOfOperator(String operator, Duration epoch) {
        return epochCounts("join agent g on g.address = d.agent where g.operator = $1", operator, epoch);
    }

    // an EPOCH audit names its epoch; a FIRST audit counts in the epoch it was issued in
    private Uni<List<EpochCount>> epochCounts(String scope, String who, Duration epoch) {
        long millis = epoch.toMillis();
        OffsetDateTime since = OffsetDateTime.now().minus(epoch.multipliedBy(CHART_EPOCHS));
        return pool.preparedQuery("""
                        select coalesce(a.epoch, floor(extract(epoch from a.issued_at) * 1000 / $2)::bigint) as n, a.outcome, count(*) as c
                        from audit a join deal d on d.id = a.deal_id
                        """ + scope + """
                         and a.outcome <> 'PENDING' and a.issued_at >= $3
                        group by 1, 2
                        order by 1""")
                .execute(Tuple.of(who, millis, since)).map(rows -> {
                    List<EpochCount> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new EpochCount(r.getLong("n"), r.getString("outcome"), r.getLong("c")));
                    }
                    return out;
                });
    }

    public Uni<List<AgentRow>> agentsOf(String operator) {
        return pool.preparedQuery("""
                        select g.address, g.endpoint, g.region, g.capacity_bytes, g.used_bytes, g.price_per_gb_epoch_wei,
                               g.registered_at, g.last_heartbeat_at,
                               (select count(*) from deal d where d.agent = g.address
                                  and d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE')) as live_deals
                        from agent g
                        where g.operator = $1
                        order by g.registered_at, g.address""")
                .execute(Tuple.of(operator)).map(rows -> {
                    List<AgentRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AgentRow(r.getString("address"), r.getString("endpoint"), r.getString("region"),
                                r.getLong("capacity_bytes"), r.getLong("used_bytes"), integer(r.getBigDecimal("price_per_gb_epoch_wei")),
                                r.getOffsetDateTime("registered_at"), r.getOffsetDateTime("last_heartbeat_at"), r.getLong("live_deals")));
                    }
                    return out;
                });
    }

    public Uni<List<AuditRow>> recentAuditsOf(String operator) {
        return pool.preparedQuery("""
                        select a.issued_at, d.agent, c.title, a.kind, a.outcome, a.detail
                        from audit a
                        join deal d on d.id = a.deal_id
                        join agent g on g.address = d.agent
                        join storage_order o on o.id = d.order_id
                        join content c on c.content_id = o.content_id
                        where g.operator = $1
                        order by a.issued_at desc, a.id
                        limit $2""")
                .execute(Tuple.of(operator, RECENT_AUDITS)).map(rows -> {
                    List<AuditRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AuditRow(r.getOffsetDateTime("issued_at"), r.getString("agent"), r.getString("title"),
                                r.getString("kind"), r.getString("outcome"), r.getString("detail")));
                    }
                    return out;
                });
    }

    private static BigInteger integer(BigDecimal value) {
        return value == null ? null : value.toBigIntegerExact();
    }
}
