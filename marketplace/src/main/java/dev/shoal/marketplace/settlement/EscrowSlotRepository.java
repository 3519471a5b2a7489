package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.audit.Audit;
import dev.shoal.marketplace.deal.DealState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EscrowSlotRepository implements PanacheRepositoryBase<EscrowSlot, EscrowSlot.Key> {

    /**
     * A live repair deal whose slot has not been handed over on chain yet, with its agent's ask per GB-epoch (null
     * if unknown), its content's size and the order's maximum per replica-epoch.
     */
    public record PendingRepair(UUID orderId, int slot, UUID dealId, String agent, BigInteger askPerGbEpoch, long totalBytes,
                                BigInteger maxPricePerReplicaEpoch) {

        /** What the escrow pays the repair agent per passed epoch: its ask for the content's size, at most the order's maximum. */
        public BigInteger pricePerReplicaEpoch() {
            return askPerGbEpoch == null ? maxPricePerReplicaEpoch
                    : Susd.perReplicaEpoch(askPerGbEpoch, totalBytes).min(maxPricePerReplicaEpoch);
        }
    }

    /** An EPOCH audit of a slot's deal. */
    public record SlotAudit(UUID orderId, int slot, int fromEpoch, OffsetDateTime issuedAt, Audit.Outcome outcome) {
    }

    /** One of an agent's deals, with the escrow slot it holds (if any) and its order's escrow (if funded). */
    public record AgentDeal(UUID dealId, UUID orderId, String contentId, String title, DealState state, OrderEscrow.Status escrowStatus,
                            Integer slot, Integer fromEpoch, BigInteger pricePerReplicaEpoch, Integer settledEpochs, Integer epochs) {
    }

    @WithSession
    public Uni<List<EscrowSlot>> ofOrder(UUID orderId) {
        return ofOrders(List.of(orderId));
    }

    /** Every tenure of the orders' slots, by order, slot and start. */
    @WithSession
    public Uni<List<EscrowSlot>> ofOrders(Collection<UUID> orders) {
        return list("orderId in ?1 order by orderId, slot, fromEpoch", orders);
    }

    /** Whether the deal holds a tenure of some slot already. */
    public Uni<Boolean> holds(UUID dealId) {
        return count("dealId", dealId).map(n -> n > 0);
    }

    /** Live repair deals of funded orders whose lost deal holds a slot they do not hold yet, oldest first. */
    @WithSession
    public Uni<List<PendingRepair>> pendingRepairs() {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select s.orderId, s.slot, d.id, d.agent, d.askPerGbEpoch, c.totalBytes, e.maxPricePerReplicaEpoch
                        from Deal d, EscrowSlot s, OrderEscrow e, StorageOrder o, Content c
                        where s.dealId = d.replaces and e.orderId = s.orderId and e.status = :funded and d.state in :live
                          and o.id = s.orderId and c.contentId = o.contentId
                          and not exists (select t.dealId from EscrowSlot t where t.dealId = d.id)
                        order by d.createdAt""", PendingRepair.class)
                .setParameter("funded", OrderEscrow.Status.FUNDED).setParameter("live", DealState.LIVE)
                .getResultList());
    }

    /** EPOCH audits of the given orders' slot holders issued in [from, to). */
    @WithSession
    public Uni<List<SlotAudit>> epochAudits(Collection<UUID> orders, OffsetDateTime from, OffsetDateTime to) {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select s.orderId, s.slot, s.fromEpoch, a.issuedAt, a.outcome
                        from EscrowSlot s, Audit a
                        where a.dealId = s.dealId and a.kind = :epoch and s.orderId in :orders and a.issuedAt >= :from and a.issuedAt < :to""", SlotAudit.class)
                .setParameter("epoch", Audit.Kind.EPOCH).setParameter("orders", orders)
                .setParameter("from", from).setParameter("to", to)
                .getResultList());
    }

    /** The agent's deals, newest first, with the slot each holds and its order's escrow. */
    @WithSession
    public Uni<List<AgentDeal>> dealsOfAgent(String agent, int limit) {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select d.id, d.orderId, o.contentId, c.title, d.state, e.status, s.slot, s.fromEpoch,
                               coalesce(s.pricePerReplicaEpoch, e.maxPricePerReplicaEpoch), e.settledEpochs, e.epochs
                        from Deal d
                        join StorageOrder o on o.id = d.orderId
                        join Content c on c.contentId = o.contentId
                        left join EscrowSlot s on s.dealId = d.id
                        left join OrderEscrow e on e.orderId = d.orderId
                        where d.agent = :agent
                        order by d.createdAt desc, d.id""", AgentDeal.class)
                .setParameter("agent", agent).setMaxResults(limit)
                .getResultList());
    }
}
