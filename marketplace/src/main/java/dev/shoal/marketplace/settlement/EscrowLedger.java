package dev.shoal.marketplace.settlement;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The order_escrow, escrow_slot and settlement_batch tables (V5), on the reactive PostgreSQL client. */
@Singleton
public class EscrowLedger {

    /** An order's escrow as the marketplace remembers it. */
    public record OrderEscrow(UUID orderId, String status, String creator, BigInteger pricePerReplicaEpoch, long epochMillis,
                              long firstEpoch, int epochs, int replicas, String fundTx, String error, int settledEpochs) {
    }

    /** A deal holding an escrow slot from an escrow epoch on. */
    public record Slot(UUID orderId, int slot, UUID dealId, int fromEpoch) {
    }

    /** An order whose replicas are all placed and that has no escrow yet. */
    public record Unfunded(UUID orderId, int replicas, int epochs, BigInteger maxPricePerGbEpoch, long totalBytes,
                           List<UUID> deals, List<String> agents) {
    }

    /** A repair deal whose slot has not been handed over on chain yet. */
    public record PendingRepair(UUID orderId, int slot, UUID dealId, String agent) {
    }

    public record Batch(String idempotencyKey, long round, String entries) {
    }

    /** An EPOCH audit of a slot's deal. */
    public record SlotAudit(UUID orderId, int slot, int fromEpoch, OffsetDateTime issuedAt, String outcome) {
    }

    /** One of an agent's deals, with the escrow slot it holds (if any) and its order's escrow (if funded). */
    public record AgentDeal(UUID dealId, UUID orderId, String contentId, String title, String state, String escrowStatus,
                            Integer slot, Integer fromEpoch, BigInteger pricePerReplicaEpoch, Integer settledEpochs,
                            Integer epochs) {
    }

    /** An order whose batches reverted this many times in a row, the last ones alone, waits for an operator. */
    public static final int STALLED_AFTER_REVERTS = 3;

    private final Pool pool;

    public EscrowLedger(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<OrderEscrow>> find(UUID orderId) {
        return pool.preparedQuery("select * from order_escrow where order_id = $1").execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(escrow(rows.iterator().next())));
    }

    public Uni<List<Slot>> slots(UUID orderId) {
        return slots(List.of(orderId));
    }

    public Uni<List<Slot>> slots(List<UUID> orders) {
        return pool.preparedQuery("select order_id, slot, deal_id, from_epoch from escrow_slot where order_id = any($1) order by order_id, slot, from_epoch")
                .execute(Tuple.of(orders.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Slot> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Slot(r.getUUID("order_id"), r.getInteger("slot"), r.getUUID("deal_id"), r.getInteger("from_epoch"))));
                    return out;
                });
    }

    /** Orders without an escrow whose live deals (none of them a repair) fill every replica. */
    public Uni<List<Unfunded>> unfunded() {
        return pool.query("""
                select o.id, o.replicas, o.epochs, o.max_price_per_gb_epoch_wei, c.total_bytes,
                       array_agg(d.id order by d.created_at, d.id) as deals, array_agg(d.agent order by d.created_at, d.id) as agents
                from storage_order o
                join content c on c.content_id = o.content_id
                join deal d on d.order_id = o.id and d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE')
                where o.status = 'OPEN' and not exists (select 1 from order_escrow e where e.order_id = o.id)
                group by o.id, o.replicas, o.epochs, o.max_price_per_gb_epoch_wei, c.total_bytes
                having count(*) = o.replicas
                order by min(o.created_at)
                """).execute().map(rows -> {
            List<Unfunded> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Unfunded(r.getUUID("id"), r.getInteger("replicas"), r.getInteger("epochs"),
                        r.getBigDecimal("max_price_per_gb_epoch_wei").toBigIntegerExact(), r.getLong("total_bytes"),
                        Arrays.asList(r.getArrayOfUUIDs("deals")), Arrays.asList(r.getArrayOfStrings("agents"))));
            }
            return out;
        });
    }

    /** The agent's deals, newest first. */
    public Uni<List<AgentDeal>> dealsOfAgent(String agent, int limit) {
        return pool.preparedQuery("""
                        select d.id, d.order_id, o.content_id, c.title, d.state, e.status as escrow_status, s.slot, s.from_epoch,
                               e.price_per_replica_epoch, e.settled_epochs, e.epochs
                        from deal d
                        join storage_order o on o.id = d.order_id
                        join content c on c.content_id = o.content_id
                        left join escrow_slot s on s.deal_id = d.id
                        left join order_escrow e on e.order_id = d.order_id
                        where d.agent = $1
                        order by d.created_at desc, d.id
                        limit $2""")
                .execute(Tuple.of(agent, limit)).map(rows -> {
                    List<AgentDeal> out = new ArrayList<>();
                    for (Row r : rows) {
                        BigDecimal price = r.getBigDecimal("price_per_replica_epoch");
                        out.add(new AgentDeal(r.getUUID("id"), r.getUUID("order_id"), r.getString("content_id"), r.getString("title"),
                                r.getString("state"), r.getString("escrow_status"), r.getInteger("slot"), r.getInteger("from_epoch"),
                                price == null ? null : price.toBigIntegerExact(), r.getInteger("settled_epochs"), r.getInteger("epochs")));
                    }
                    return out;
                });
    }

    public Uni<Void> recordFunded(OrderEscrow e, List<UUID> deals, OffsetDateTime at) {
        return recordFunded(e, deals, at, "demo-key").replaceWithVoid();
    }

    /** Stores a funded escrow and its slots; false when the order had an escrow already (nothing changed). */
    public Uni<Boolean> recordFunded(OrderEscrow e, List<UUID> deals, OffsetDateTime at, String fundedBy) {
        return pool.withTransaction(c -> insertEscrow(c, e, at, fundedBy).chain(inserted -> {
            if (!inserted) {
                return Uni.createFrom().item(false);
            }
            List<Tuple> slots = new ArrayList<>();
            for (int slot = 0; slot < deals.size(); slot++) {
                slots.add(Tuple.of(e.orderId(), slot, deals.get(slot), 0));
            }
            return c.preparedQuery("insert into escrow_slot (order_id, slot, deal_id, from_epoch) values ($1, $2, $3, $4)")
                    .executeBatch(slots).replaceWith(true);
        }));
    }

    public Uni<Void> recordRefused(OrderEscrow e, OffsetDateTime at) {
        return pool.withTransaction(c -> insertEscrow(c, e, at, "demo-key")).replaceWithVoid();
    }

    private static Uni<Boolean> insertEscrow(SqlClient c, OrderEscrow e, OffsetDateTime at, String fundedBy) {
        return c.preparedQuery("""
                        insert into order_escrow (order_id, status, creator, price_per_replica_epoch, epoch_millis, first_epoch,
                                                  epochs, replicas, fund_tx, error, funded_at, funded_by)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (order_id) do nothing""")
                .execute(Tuple.from(Arrays.asList(e.orderId(), e.status(), e.creator(), new BigDecimal(e.pricePerReplicaEpoch()),
                        e.epochMillis(), e.firstEpoch(), e.epochs(), e.replicas(), e.fundTx(), e.error(), at, fundedBy)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A placed order as its creator's wallet would fund it: terms, the content's creator address, every deal (live first). */
    public record FundingTarget(UUID orderId, String owner, String status, int replicas, int epochs, BigInteger maxPricePerGbEpoch,
                                long totalBytes, String contentCreator, List<UUID> liveDeals, List<String> liveAgents,
                                List<UUID> allDeals, List<String> allAgents) {
    }

    public Uni<Optional<FundingTarget>> fundingTarget(UUID orderId) {
        return pool.preparedQuery("""
                        select o.id, o.owner, o.status, o.replicas, o.epochs, o.max_price_per_gb_epoch_wei, c.total_bytes, c.creator,
                               coalesce(array_agg(d.id order by d.created_at, d.id) filter (where d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE')), '{}') as live_deals,
                               coalesce(array_agg(d.agent order by d.created_at, d.id) filter (where d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE')), '{}') as live_agents,
                               coalesce(array_agg(d.id order by d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE') desc, d.created_at desc, d.id) filter (where d.id is not null), '{}') as all_deals,
                               coalesce(array_agg(d.agent order by d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE') desc, d.created_at desc, d.id) filter (where d.id is not null), '{}') as all_agents
                        from storage_order o
                        join content c on c.content_id = o.content_id
                        left join deal d on d.order_id = o.id
                        where o.id = $1
                        group by o.id, o.owner, o.status, o.replicas, o.epochs, o.max_price_per_gb_epoch_wei, c.total_bytes, c.creator""")
                .execute(Tuple.of(orderId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new FundingTarget(r.getUUID("id"), r.getString("owner"), r.getString("status"), r.getInteger("replicas"),
                            r.getInteger("epochs"), r.getBigDecimal("max_price_per_gb_epoch_wei").toBigIntegerExact(), r.getLong("total_bytes"),
                            r.getString("creator"), Arrays.asList(r.getArrayOfUUIDs("live_deals")), Arrays.asList(r.getArrayOfStrings("live_agents")),
                            Arrays.asList(r.getArrayOfUUIDs("all_deals")), Arrays.asList(r.getArrayOfStrings("all_agents"))));
                });
    }

    /** Funded escrows of orders cancelled in the marketplace whose escrow is not cancelled on chain yet. */
    public Uni<List<UUID>> cancelledOffChain() {
        return pool.query("""
                select e.order_id from order_escrow e join storage_order o on o.id = e.order_id
                where o.status = 'CANCELLED' and e.status = 'FUNDED' and e.cancel_tx is null order by e.order_id""")
                .execute().map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID("order_id")));
                    return out;
                });
    }

    /** The escrow was cancelled on chain: its epochs end where the chain says. */
    public Uni<Void> recordCancelled(UUID orderId, String txHash, int epochs) {
        return pool.preparedQuery("update order_escrow set cancel_tx = $2, epochs = greatest(settled_epochs, $3) where order_id = $1")
                .execute(Tuple.of(orderId, txHash, epochs)).replaceWithVoid();
    }

    /**
     * After a reverted batch: the order's cursor and end become the chain's (so nothing settled there is
     * planned again, and nothing it refuses is retried), and it is settled alone from now on.
     */
    public Uni<Void> resync(UUID orderId, int settledEpochs, int epochs, boolean closed) {
        return pool.preparedQuery("""
                        update order_escrow set settled_epochs = $2, epochs = greatest($2, $3), settle_reverts = settle_reverts + 1,
                               status = case when $4 then 'CLOSED' else status end
                        where order_id = $1""")
                .execute(Tuple.of(orderId, settledEpochs, epochs, closed)).replaceWithVoid();
    }

    /** Escrows whose every epoch is settled and confirmed (no batch of theirs still PLANNED) and that are not paid out yet. */
    public Uni<List<OrderEscrow>> settledToTheEnd() {
        return pool.query("""
                select e.* from order_escrow e
                where e.status in ('FUNDED', 'CLOSED') and e.paid_out_at is null and e.settled_epochs = e.epochs
                  and not exists (select 1 from settlement_batch_order bo join settlement_batch b using (idempotency_key)
                                  where bo.order_id = e.order_id and b.status = 'PLANNED')
                order by e.order_id""").execute().map(rows -> {
            List<OrderEscrow> out = new ArrayList<>();
            rows.forEach(r -> out.add(escrow(r)));
            return out;
        });
    }

    public Uni<Void> markPaidOut(UUID orderId, OffsetDateTime at) {
        return pool.preparedQuery("update order_escrow set paid_out_at = $2 where order_id = $1").execute(Tuple.of(orderId, at)).replaceWithVoid();
    }

    /** Orders that settle alone (a batch of theirs reverted), and how many batches it was. */
    public Uni<java.util.Map<UUID, Integer>> settleReverts() {
        return pool.query("select order_id, settle_reverts from order_escrow where settle_reverts > 0").execute().map(rows -> {
            java.util.Map<UUID, Integer> out = new java.util.HashMap<>();
            rows.forEach(r -> out.put(r.getUUID("order_id"), r.getInteger("settle_reverts")));
            return out;
        });
    }

    public Uni<Integer> batchesOfRound(long round) {
        return pool.preparedQuery("select count(*) from settlement_batch where round = $1").execute(Tuple.of(round))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Live repair deals of funded orders whose lost deal holds a slot they do not hold yet. */
    public Uni<List<PendingRepair>> pendingRepairs() {
        return pool.query("""
                select s.order_id, s.slot, d.id, d.agent
                from deal d
                join escrow_slot s on s.deal_id = d.replaces
                join order_escrow e on e.order_id = s.order_id and e.status = 'FUNDED'
                where d.state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE')
                  and not exists (select 1 from escrow_slot t where t.deal_id = d.id)
                order by d.created_at
                """).execute().map(rows -> {
            List<PendingRepair> out = new ArrayList<>();
            rows.forEach(r -> out.add(new PendingRepair(r.getUUID("order_id"), r.getInteger("slot"), r.getUUID("id"), r.getString("agent"))));
            return out;
        });
    }

    /** The repair deal holds the slot from the order's next unsettled escrow epoch. */
    public Uni<Void> recordRepair(PendingRepair repair, String txHash) {
        return pool.preparedQuery("""
                        insert into escrow_slot (order_id, slot, deal_id, from_epoch, tx_hash)
                        select $1, $2, $3, e.settled_epochs, $4 from order_escrow e where e.order_id = $1
                        on conflict do nothing""")
                .execute(Tuple.of(repair.orderId(), repair.slot(), repair.dealId(), txHash))
                .replaceWithVoid();
    }

    public Uni<List<OrderEscrow>> funded() {
        return pool.query("select * from order_escrow where status = 'FUNDED' and settled_epochs < epochs and settle_reverts < "
                        + STALLED_AFTER_REVERTS + " order by order_id").execute()
                .map(rows -> {
                    List<OrderEscrow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(escrow(r)));
                    return out;
                });
    }

    /** EPOCH audits of the given orders' slot holders issued in [from, to). */
    public Uni<List<SlotAudit>> audits(List<UUID> orders, OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery("""
                        select s.order_id, s.slot, s.from_epoch, a.issued_at, a.outcome
                        from escrow_slot s join audit a on a.deal_id = s.deal_id
                        where a.kind = 'EPOCH' and s.order_id = any($1) and a.issued_at >= $2 and a.issued_at < $3""")
                .execute(Tuple.of(orders.toArray(UUID[]::new), from, to))
                .map(rows -> {
                    List<SlotAudit> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new SlotAudit(r.getUUID("order_id"), r.getInteger("slot"), r.getInteger("from_epoch"),
                            r.getOffsetDateTime("issued_at"), r.getString("outcome"))));
                    return out;
                });
    }

    /**
     * Stores a round's batches (each with the orders it holds: {@code batchOrders} by key) and moves the
     * orders' settlement cursors, in one transaction.
     */
    public Uni<Void> plan(long round, List<Batch> batches, java.util.Map<String, List<UUID>> batchOrders, List<SettlementEntry> entries) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(c -> {
            List<Tuple> rows = batches.stream().map(b -> Tuple.of(b.idempotencyKey(), round, b.entries(), now)).toList();
            List<Tuple> members = new ArrayList<>();
            batchOrders.forEach((key, orders) -> orders.forEach(order -> members.add(Tuple.of(key, order))));
            List<Tuple> cursors = entries.stream().map(e -> Tuple.of(e.orderId(), e.fromEpoch(), e.fromEpoch() + e.passed().size())).toList();
            return c.preparedQuery("insert into settlement_batch (idempotency_key, round, entries, status, created_at) values ($1, $2, $3, 'PLANNED', $4)")
                    .executeBatch(rows)
                    .chain(() -> c.preparedQuery("insert into settlement_batch_order (idempotency_key, order_id) values ($1, $2)")
                            .executeBatch(members))
                    .chain(() -> c.preparedQuery("update order_escrow set settled_epochs = $3 where order_id = $1 and settled_epochs = $2")
                            .executeBatch(cursors))
                    .replaceWithVoid();
        });
    }

    public Uni<List<Batch>> planned() {
        return pool.query("select idempotency_key, round, entries from settlement_batch where status = 'PLANNED' order by created_at, idempotency_key")
                .execute().map(rows -> {
                    List<Batch> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Batch(r.getString("idempotency_key"), r.getLong("round"), r.getString("entries"))));
                    return out;
                });
    }

    /** Records a batch's outcome; a confirmed batch clears its orders' revert counts. */
    public Uni<Void> markBatch(String key, String status, String txHash, String error) {
        return pool.withTransaction(c -> c.preparedQuery("update settlement_batch set status = $2, tx_hash = $3, error = $4 where idempotency_key = $1")
                .execute(Tuple.of(key, status, txHash, error))
                .chain(() -> !status.equals("CONFIRMED") ? Uni.createFrom().voidItem() : c.preparedQuery("""
                                update order_escrow set settle_reverts = 0
                                where order_id in (select order_id from settlement_batch_order where idempotency_key = $1)""")
                        .execute(Tuple.of(key)).replaceWithVoid()));
    }

    private static OrderEscrow escrow(Row r) {
        return new OrderEscrow(r.getUUID("order_id"), r.getString("status"), r.getString("creator"),
                r.getBigDecimal("price_per_replica_epoch").toBigIntegerExact(), r.getLong("epoch_millis"), r.getLong("first_epoch"),
                r.getInteger("epochs"), r.getInteger("replicas"), r.getString("fund_tx"), r.getString("error"), r.getInteger("settled_epochs"));
    }
}
