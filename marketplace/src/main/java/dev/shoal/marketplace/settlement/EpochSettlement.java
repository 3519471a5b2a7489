package dev.shoal.marketplace.settlement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EpochResults;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.SlotAudit;
import dev.shoal.service.reactive.OwnContext;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.shoal.marketplace.settlement.EscrowFunding.WAIT;

/**
 * Once an epoch and its audits' deadline are over, the escrow epochs of every funded order up to it are planned as
 * batches {@code settle:<round>:<n>}, stored with the orders' new cursors in one transaction, then sent. A batch is
 * stored before it is sent and sent under a stable key, and the chain journal returns the first transaction's
 * outcome for a key it has seen: a restart neither loses nor repeats a settlement. A batch that reverts puts its
 * orders back on the chain's cursors, to be planned again, each alone.
 */
@ApplicationScoped
public class EpochSettlement {

    private static final Logger LOG = Logger.getLogger(EpochSettlement.class);
    /** Orders per settlement transaction: gas per replica-epoch is near its floor long before this. */
    static final int BATCH_ORDERS = 100;

    private final OrderEscrowRepository escrows;
    private final EscrowSlotRepository slots;
    private final SettlementBatchRepository batches;
    private final SettlementBatchOrderRepository members;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;
    private final ObjectMapper json;
    private final OwnContext own;
    private final Clock clock;

    public EpochSettlement(OrderEscrowRepository escrows, EscrowSlotRepository slots, SettlementBatchRepository batches,
                           SettlementBatchOrderRepository members, EscrowGateway escrow, MarketplaceConfig config, ObjectMapper json,
                           OwnContext own, Clock clock) {
        this.escrows = escrows;
        this.slots = slots;
        this.batches = batches;
        this.members = members;
        this.escrow = escrow;
        this.config = config;
        this.json = json;
        this.own = own;
        this.clock = clock;
    }

    /** The newest marketplace epoch whose audits are all decided by {@code now}. */
    public long lastDecidedEpoch(Instant now) {
        long millis = now.toEpochMilli() - config.market().auditDeadline().toMillis();
        return EpochPasses.epochOf(config.market().epoch().toMillis(), millis) - 1;
    }

    /** Batches planned but not confirmed (a restart, a node outage) are sent again under their own keys. Blocking. */
    public void resendPlanned() {
        for (SettlementBatch batch : own.await(batches::planned)) {
            send(batch);
        }
    }

    /** Plans the epochs decided by {@code now} and sends the batches. Blocking. */
    public void settleEndedEpochs(Instant now) {
        long round = lastDecidedEpoch(now);
        for (SettlementBatch batch : own.await(() -> plan(round))) {
            send(batch);
        }
    }

    /**
     * Plans every funded order's unsettled epochs up to the round, from the orders' cursors: an order whose cursor
     * is past the round is not due, so a round is planned once. An order a batch of which reverted is planned alone
     * (one bad order does not hold the others back); after {@link OrderEscrow#STALLED_AFTER_REVERTS} reverts in a row
     * it is left for an operator. Keys continue the round's numbering. Stores the batches, their orders and the
     * orders' new cursors in one transaction.
     */
    @WithTransaction
    Uni<List<SettlementBatch>> plan(long round) {
        return escrows.settleReverts().chain(reverts -> escrows.settling().chain(settling -> {
            List<List<OrderEscrow>> groups = groups(settling, reverts, round);
            if (groups.isEmpty()) {
                return Uni.createFrom().item(List.<SettlementBatch>of());
            }
            List<UUID> ids = groups.stream().flatMap(List::stream).map(e -> e.orderId).toList();
            long from = groups.stream().flatMap(List::stream).mapToLong(OrderEscrow::nextEpoch).min().orElseThrow();
            long epochMillis = config.market().epoch().toMillis();
            return batches.countOfRound(round).chain(n -> slots.ofOrders(ids).chain(tenures -> slots.epochAudits(ids,
                    at(from * epochMillis), at((round + 1) * epochMillis)).chain(audits -> {
                List<SettlementBatch> planned = new ArrayList<>();
                List<SettlementBatchOrder> held = new ArrayList<>();
                List<SettlementEntry> entries = new ArrayList<>();
                long next = n;
                for (List<OrderEscrow> group : groups) {
                    List<SettlementEntry> groupEntries = entries(group, round, tenures, audits);
                    SettlementBatch batch = new SettlementBatch();
                    batch.idempotencyKey = "settle:" + round + ":" + next++;
                    batch.round = round;
                    batch.entries = write(groupEntries);
                    batch.status = SettlementBatch.Status.PLANNED;
                    batch.createdAt = OffsetDateTime.now(clock);
                    planned.add(batch);
                    group.forEach(order -> held.add(SettlementBatchOrder.of(batch.idempotencyKey, order.orderId)));
                    entries.addAll(groupEntries);
                }
                return batches.persist(planned).chain(() -> members.persist(held))
                        .chain(() -> Multi.createFrom().iterable(entries)
                                .onItem().transformToUniAndConcatenate(e -> escrows.moveCursor(e.orderId(), e.fromEpoch(),
                                        e.fromEpoch() + e.passed().size()))
                                .collect().asList())
                        .replaceWith(planned);
            })));
        }));
    }

    /** The due orders in batches: together by {@link #BATCH_ORDERS}, then each order that reverted before alone. */
    static List<List<OrderEscrow>> groups(List<OrderEscrow> settling, Map<UUID, Integer> reverts, long round) {
        List<OrderEscrow> together = new ArrayList<>();
        List<List<OrderEscrow>> alone = new ArrayList<>();
        for (OrderEscrow order : settling) {
            if (order.nextEpoch() > round) {
                continue;
            }
            if (reverts.containsKey(order.orderId)) {
                alone.add(List.of(order));
            } else {
                together.add(order);
            }
        }
        List<List<OrderEscrow>> groups = new ArrayList<>();
        for (int start = 0; start < together.size(); start += BATCH_ORDERS) {
            groups.add(together.subList(start, Math.min(together.size(), start + BATCH_ORDERS)));
        }
        groups.addAll(alone);
        return groups;
    }

    private static List<SettlementEntry> entries(List<OrderEscrow> orders, long round, List<EscrowSlot> tenures, List<SlotAudit> audits) {
        List<SettlementEntry> out = new ArrayList<>();
        for (OrderEscrow order : orders) {
            int upTo = (int) Math.min(order.epochs, round - order.firstEpoch + 1);
            out.add(EpochPasses.entry(order, upTo, tenures, audits));
        }
        return out;
    }

    private void send(SettlementBatch batch) {
        String key = batch.idempotencyKey;
        List<EpochResults> results = read(batch.entries).stream().map(EpochSettlement::results).toList();
        try {
            ChainReceipt receipt = escrow.settle(results, key).await().atMost(WAIT);
            own.await(() -> mark(key, SettlementBatch.Status.CONFIRMED, receipt.txHash(), null));
            LOG.infof("settled %s: %d orders (tx %s)", key, results.size(), receipt.txHash());
        } catch (ChainTransactionException e) {
            if (e.errorName().isEmpty()) {
                throw e; // stays PLANNED and is sent again under the same key
            }
            own.await(() -> mark(key, SettlementBatch.Status.REVERTED, e.txHash().orElse(null), e.errorName().get() + ": " + e.getMessage()));
            LOG.errorf("settlement %s reverted: %s; its orders are re-planned from the chain's cursors", key, e.getMessage());
            replan(results);
        }
    }

    /** Records a batch's outcome; a confirmed batch clears its orders' revert counts. */
    @WithTransaction
    Uni<Void> mark(String key, SettlementBatch.Status status, String txHash, String error) {
        return batches.findById(key).chain(batch -> {
            batch.status = status;
            batch.txHash = txHash;
            batch.error = error;
            return status == SettlementBatch.Status.CONFIRMED ? escrows.clearReverts(key).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /**
     * A reverted batch settled nothing (a transaction is all or nothing). Its orders take the chain's cursor and
     * end (an epoch settled by another transaction, an order the creator cancelled or closed on chain) and are
     * planned again, alone, on the next tick. The escrow's own cursor makes paying an epoch twice impossible.
     */
    private void replan(List<EpochResults> results) {
        for (EpochResults entry : results) {
            EscrowGateway.OrderOnChain onChain = escrow.order(entry.orderId()).await().atMost(WAIT);
            own.await(() -> resync(entry.orderId(), onChain.settledEpochs(), onChain.epochs(), onChain.status() == EscrowGateway.Status.CLOSED));
        }
    }

    /** After a reverted batch: the order's cursor and end become the chain's, and it settles alone from now on. */
    @WithTransaction
    Uni<Void> resync(UUID orderId, int settledEpochs, int epochs, boolean closed) {
        return escrows.findById(orderId).invoke(e -> {
            e.settledEpochs = settledEpochs;
            e.epochs = Math.max(settledEpochs, epochs);
            e.settleReverts++;
            if (closed) {
                e.status = OrderEscrow.Status.CLOSED;
            }
        }).replaceWithVoid();
    }

    static EpochResults results(SettlementEntry entry) {
        List<BitSet> passed = entry.passed().stream().map(mask -> BitSet.valueOf(new long[] {mask})).toList();
        return new EpochResults(entry.orderId(), entry.fromEpoch(), entry.replicas(), passed);
    }

    private static OffsetDateTime at(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    private String write(List<SettlementEntry> entries) {
        try {
            return json.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<SettlementEntry> read(String entries) {
        try {
            return json.readValue(entries, new TypeReference<List<SettlementEntry>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
