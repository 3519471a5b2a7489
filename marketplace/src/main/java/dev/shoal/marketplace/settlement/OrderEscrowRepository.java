package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.order.StorageOrder;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class OrderEscrowRepository implements PanacheRepositoryBase<OrderEscrow, UUID> {

    /**
     * An order whose replicas are all placed and that has no escrow yet, with its live deals (oldest first), their
     * agents and their agents' asks per GB-epoch (null for a deal placed before asks were kept: the order's maximum).
     */
    public record Unfunded(UUID orderId, int replicas, int epochs, BigInteger maxPricePerGbEpoch, long totalBytes,
                           List<UUID> deals, List<String> agents, List<BigInteger> asksPerGbEpoch) {

        /** The order's maximum per replica-epoch: what the escrow is funded with per replica-epoch. */
        public BigInteger maxPricePerReplicaEpoch() {
            return Susd.perReplicaEpoch(maxPricePerGbEpoch, totalBytes);
        }

        /** Each slot's price per replica-epoch: its agent's ask for this content's size, never above the maximum. */
        public List<BigInteger> pricesPerReplicaEpoch() {
            return asksPerGbEpoch.stream().map(ask -> EscrowFunding.slotPrice(ask, maxPricePerGbEpoch, totalBytes)).toList();
        }
    }

    @WithSession
    public Uni<OrderEscrow> ofOrder(UUID orderId) {
        return findById(orderId);
    }

    /** Funded escrows with epochs left to plan, but not those left for an operator after too many reverts. */
    @WithSession
    public Uni<List<OrderEscrow>> settling() {
        return list("status = ?1 and settledEpochs < epochs and settleReverts < ?2 order by orderId",
                OrderEscrow.Status.FUNDED, OrderEscrow.STALLED_AFTER_REVERTS);
    }

    /** Funded escrows with at least one settled epoch and not paid out yet: their agents may have earnings to claim. */
    @WithSession
    public Uni<List<OrderEscrow>> running() {
        return list("status = ?1 and settledEpochs > 0 and paidOutAt is null order by orderId", OrderEscrow.Status.FUNDED);
    }

    /** Orders that settle alone (a batch of theirs reverted), and how many batches it was. */
    @WithSession
    public Uni<Map<UUID, Integer>> settleReverts() {
        return list("settleReverts > 0").map(escrows -> {
            Map<UUID, Integer> out = new HashMap<>();
            escrows.forEach(e -> out.put(e.orderId, e.settleReverts));
            return out;
        });
    }

    /** Escrows whose every epoch is settled and confirmed (no batch of theirs still PLANNED) and that are not paid out yet. */
    @WithSession
    public Uni<List<OrderEscrow>> settledToTheEnd() {
        return list("""
                        from OrderEscrow e
                        where e.status in ?1 and e.paidOutAt is null and e.settledEpochs = e.epochs
                          and not exists (select m.orderId from SettlementBatchOrder m, SettlementBatch b
                                          where b.idempotencyKey = m.idempotencyKey and m.orderId = e.orderId and b.status = ?2)
                        order by e.orderId""",
                List.of(OrderEscrow.Status.FUNDED, OrderEscrow.Status.CLOSED), SettlementBatch.Status.PLANNED);
    }

    /** Funded escrows of orders cancelled in the marketplace whose escrow is not cancelled on chain yet. */
    @WithSession
    public Uni<List<UUID>> cancelledOffChain() {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select e.orderId from OrderEscrow e, StorageOrder o
                        where o.id = e.orderId and o.status = :cancelled and e.status = :funded and e.cancelTx is null
                        order by e.orderId""", UUID.class)
                .setParameter("cancelled", StorageOrder.Status.CANCELLED).setParameter("funded", OrderEscrow.Status.FUNDED)
                .getResultList());
    }

    /**
     * Open orders without an escrow whose live deals fill every replica, oldest order first; never a fork's order (by
     * entity name, the fork package depends on this one): its advertiser funds it from its own wallet, since a
     * sponsorship takes only an escrow order whose creator is the advertiser.
     */
    @WithSession
    public Uni<List<Unfunded>> unfunded() {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select o.id, o.replicas, o.epochs, o.maxPricePerGbEpochWei, c.totalBytes, d.id, d.agent, d.askPerGbEpoch
                        from StorageOrder o, Content c, Deal d
                        where c.contentId = o.contentId and d.orderId = o.id and d.state in :live and o.status = :open
                          and not exists (select e.orderId from OrderEscrow e where e.orderId = o.id)
                          and not exists (select f.id from ForkRequest f where f.forkId = o.contentId)
                        order by o.createdAt, o.id, d.createdAt, d.id""", Object[].class)
                .setParameter("live", DealState.LIVE).setParameter("open", StorageOrder.Status.OPEN)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<Object[]>> byOrder = new LinkedHashMap<>();
                    rows.forEach(r -> byOrder.computeIfAbsent((UUID) r[0], id -> new ArrayList<>()).add(r));
                    List<Unfunded> out = new ArrayList<>();
                    byOrder.forEach((id, deals) -> {
                        Object[] first = deals.get(0);
                        if (deals.size() == (int) first[1]) {
                            out.add(new Unfunded(id, (int) first[1], (int) first[2], (BigInteger) first[3], (long) first[4],
                                    deals.stream().map(d -> (UUID) d[5]).toList(), deals.stream().map(d -> (String) d[6]).toList(),
                                    deals.stream().map(d -> (BigInteger) d[7]).toList()));
                        }
                    });
                    return out;
                });
    }

    /** Moves an order's settlement cursor, unless another plan moved it first; in the caller's transaction. */
    public Uni<Integer> moveCursor(UUID orderId, int from, int to) {
        return update("settledEpochs = ?3 where orderId = ?1 and settledEpochs = ?2", orderId, from, to);
    }

    /** The orders of a confirmed batch settle together again; in the caller's transaction. */
    public Uni<Integer> clearReverts(String batchKey) {
        return update("settleReverts = 0 where orderId in (select m.orderId from SettlementBatchOrder m where m.idempotencyKey = :key)",
                Parameters.with("key", batchKey));
    }
}
