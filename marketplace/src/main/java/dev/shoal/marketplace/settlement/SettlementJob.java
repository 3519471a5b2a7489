package dev.shoal.marketplace.settlement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.ChainReceipt;
import dev.shoal.marketplace.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EpochResults;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowLedger.Batch;
import dev.shoal.marketplace.settlement.EscrowLedger.OrderEscrow;
import dev.shoal.marketplace.settlement.EscrowLedger.PendingRepair;
import dev.shoal.marketplace.settlement.EscrowLedger.Unfunded;
import dev.shoal.marketplace.order.OrderService;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Money follows the market. Every tick, on one worker thread at a time:
 * <ol>
 *   <li>batches planned but not confirmed (a restart, a node outage) are sent again under their own keys;</li>
 *   <li>with {@code shoal.settlement.funding=demo-key}, orders whose replicas are all placed get their escrow, one
 *       slot per deal, funded with the demo creator key (otherwise the creator's wallet funds: {@link CreatorFunding});</li>
 *   <li>repair deals take over the slot of the deal they replace ({@code replaceAgent});</li>
 *   <li>orders cancelled in the marketplace get their escrow cancelled ({@code cancel}, through the journal);</li>
 *   <li>orders whose every epoch is settled and confirmed are paid out (every tenure claimed, the creator's refund
 *       released) and end (EXPIRED, deals EXPIRED);</li>
 *   <li>once an epoch and its audits' deadline are over, the escrow epochs of every funded order up to it
 *       are planned as batches {@code settle:<epoch>:<batch>}, stored with the orders' new cursors in one
 *       transaction, then sent; a batch that reverts puts its orders back on the chain's cursors, to be
 *       planned again, each alone.</li>
 * </ol>
 * A batch is stored before it is sent and sent under a stable key, and the chain journal returns the
 * first transaction's outcome for a key it has seen: a restart neither loses nor repeats a settlement.
 */
@ApplicationScoped
public class SettlementJob {

    private static final Logger LOG = Logger.getLogger(SettlementJob.class);
    /** Orders per settlement transaction: gas per replica-epoch is near its floor long before this. */
    static final int BATCH_ORDERS = 100;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final EscrowLedger ledger;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;
    private final ObjectMapper json;

    private final OrderService orders;

    public SettlementJob(EscrowLedger ledger, EscrowGateway escrow, MarketplaceConfig config, ObjectMapper json, OrderService orders) {
        this.ledger = ledger;
        this.escrow = escrow;
        this.config = config;
        this.json = json;
        this.orders = orders;
    }

    @Scheduled(every = "${shoal.settlement.every:2s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            runOnce(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("settlement round failed: %s", e.getMessage());
        }
    }

    /** One tick as of {@code now} (blocking: call from a worker thread). Serialized: one tick at a time. */
    public synchronized void runOnce(Instant now) {
        resendPlanned();
        fundPlacedOrders(now);
        handOverRepairedSlots();
        cancelOnChain();
        payOutEndedOrders(); // before settling: an order is paid out on the tick after its last batch is confirmed
        settleEndedEpochs(now);
    }

    // ------------------------------------------------------------ funding

    /** {@code shoal.settlement.funding=demo-key} (local chains): the job funds; otherwise the creator's wallet does ({@link CreatorFunding}). */
    boolean fundsWithDemoKey() {
        return config.settlement().funding() == MarketplaceConfig.Funding.DEMO_KEY;
    }

    /** Price of one replica-epoch in token units: the order's maximum price per GB-epoch x the content's size in GB, rounded up. */
    static BigInteger pricePerReplicaEpoch(BigInteger maxPricePerGbEpoch, long totalBytes) {
        BigInteger[] qr = maxPricePerGbEpoch.multiply(BigInteger.valueOf(totalBytes)).divideAndRemainder(BigInteger.TEN.pow(9));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private void fundPlacedOrders(Instant now) {
        if (!fundsWithDemoKey()) {
            return;
        }
        for (Unfunded order : ledger.unfunded().await().atMost(WAIT)) {
            fund(order, now);
        }
    }

    private void fund(Unfunded order, Instant now) {
        String creatorKey = DemoKeys.CREATOR_PRIVATE_KEY;
        String creator = EscrowGateway.addressOf(creatorKey);
        Duration epoch = config.market().epoch();
        BigInteger price = pricePerReplicaEpoch(order.maxPricePerGbEpoch(), order.totalBytes());
        BigInteger total = price.multiply(BigInteger.valueOf((long) order.replicas() * order.epochs()));
        // escrow epoch 0 is the first whole marketplace epoch after funding
        long firstEpoch = EpochPasses.epochOf(epoch.toMillis(), now.toEpochMilli()) + 1;
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try {
            if (price.signum() == 0) {
                throw new ChainTransactionException("price per replica-epoch rounds to zero", "InvalidTerms", null);
            }
            BigInteger balance = escrow.tokenBalance(creator).await().atMost(WAIT);
            if (balance.compareTo(total) < 0) {
                escrow.mintTestTokens(creator, total, "mint:" + order.orderId()).await().atMost(WAIT);
            }
            ChainReceipt funded = escrow.fundOrder(creatorKey, order.orderId(), order.agents(), order.epochs(), epoch, price)
                    .await().atMost(WAIT);
            ledger.recordFunded(new OrderEscrow(order.orderId(), "FUNDED", creator, price, epoch.toMillis(), firstEpoch,
                    order.epochs(), order.replicas(), funded.txHash(), null, 0), order.deals(), at).await().atMost(WAIT);
            LOG.infof("order %s funded: %s x %d epochs x %d replicas (tx %s)", order.orderId(), price, order.epochs(),
                    order.replicas(), funded.txHash());
        } catch (ChainTransactionException e) {
            if (e.errorName().isEmpty()) {
                throw e; // the node or the network: try again next tick, under the same keys
            }
            // the escrow refused these terms: remember it rather than retry for ever
            ledger.recordRefused(new OrderEscrow(order.orderId(), "REFUSED", creator, price, epoch.toMillis(), firstEpoch,
                    order.epochs(), order.replicas(), e.txHash().orElse(null), e.errorName().get() + ": " + e.getMessage(), 0), at)
                    .await().atMost(WAIT);
            LOG.warnf("order %s not funded: %s", order.orderId(), e.getMessage());
        }
    }

    // ------------------------------------------------------------ repair

    private void handOverRepairedSlots() {
        for (PendingRepair repair : ledger.pendingRepairs().await().atMost(WAIT)) {
            String txHash = null;
            try {
                txHash = escrow.replaceAgent(repair.orderId(), repair.slot(), repair.agent(), "replace:" + repair.dealId())
                        .await().atMost(WAIT).txHash();
            } catch (ChainTransactionException e) {
                if (e.errorName().isEmpty()) {
                    throw e;
                }
                // EpochOutOfRange: every epoch is settled already, nothing left to hand over
                LOG.warnf("slot %d of order %s not handed to %s: %s", repair.slot(), repair.orderId(), repair.agent(), e.getMessage());
            }
            ledger.recordRepair(repair, txHash).await().atMost(WAIT);
        }
    }

    // ------------------------------------------------------------ settlement

    /** The newest marketplace epoch whose audits are all decided by {@code now}. */
    long lastDecidedEpoch(Instant now) {
        long millis = now.toEpochMilli() - config.market().auditDeadline().toMillis();
        return EpochPasses.epochOf(config.market().epoch().toMillis(), millis) - 1;
    }

    /**
     * Plans every funded order's unsettled epochs up to the round, from the orders' cursors: an order whose
     * cursor is past the round is not due, so a round is planned once. An order a batch of which reverted
     * is planned alone (one bad order does not hold the others back); after {@link EscrowLedger#STALLED_AFTER_REVERTS}
     * reverts in a row it is left for an operator. Keys continue the round's numbering: {@code settle:<round>:<n>}.
     */
    private void settleEndedEpochs(Instant now) {
        long round = lastDecidedEpoch(now);
        List<OrderEscrow> together = new ArrayList<>();
        List<List<OrderEscrow>> alone = new ArrayList<>();
        Map<UUID, Integer> reverts = ledger.settleReverts().await().atMost(WAIT);
        for (OrderEscrow order : ledger.funded().await().atMost(WAIT)) {
            if (order.firstEpoch() + order.settledEpochs() > round) {
                continue;
            }
            if (reverts.containsKey(order.orderId())) {
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
        if (groups.isEmpty()) {
            return;
        }
        int n = ledger.batchesOfRound(round).await().atMost(WAIT);
        List<SettlementEntry> entries = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        Map<String, List<UUID>> members = new LinkedHashMap<>();
        for (List<OrderEscrow> group : groups) {
            List<SettlementEntry> groupEntries = entries(group, round);
            String key = "settle:" + round + ":" + n++;
            entries.addAll(groupEntries);
            batches.add(new Batch(key, round, write(groupEntries)));
            members.put(key, group.stream().map(OrderEscrow::orderId).toList());
        }
        ledger.plan(round, batches, members, entries).await().atMost(WAIT);
        for (Batch batch : batches) {
            send(batch);
        }
    }

    private List<SettlementEntry> entries(List<OrderEscrow> orders, long round) {
        List<UUID> ids = orders.stream().map(OrderEscrow::orderId).toList();
        long epochMillis = config.market().epoch().toMillis();
        long from = orders.stream().mapToLong(o -> o.firstEpoch() + o.settledEpochs()).min().orElseThrow();
        List<EscrowLedger.Slot> tenures = ledger.slots(ids).await().atMost(WAIT);
        List<EscrowLedger.SlotAudit> audits = ledger.audits(ids,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(from * epochMillis), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(Instant.ofEpochMilli((round + 1) * epochMillis), ZoneOffset.UTC)).await().atMost(WAIT);
        List<SettlementEntry> out = new ArrayList<>();
        for (OrderEscrow order : orders) {
            int upTo = (int) Math.min(order.epochs(), round - order.firstEpoch() + 1);
            out.add(EpochPasses.entry(order, upTo, tenures, audits));
        }
        return out;
    }

    private void resendPlanned() {
        for (Batch batch : ledger.planned().await().atMost(WAIT)) {
            send(batch);
        }
    }

    private void send(Batch batch) {
        List<EpochResults> results = read(batch.entries()).stream().map(SettlementJob::results).toList();
        try {
            ChainReceipt receipt = escrow.settle(results, batch.idempotencyKey()).await().atMost(WAIT);
            ledger.markBatch(batch.idempotencyKey(), "CONFIRMED", receipt.txHash(), null).await().atMost(WAIT);
            LOG.infof("settled %s: %d orders (tx %s)", batch.idempotencyKey(), results.size(), receipt.txHash());
        } catch (ChainTransactionException e) {
            if (e.errorName().isEmpty()) {
                throw e; // stays PLANNED and is sent again under the same key
            }
            ledger.markBatch(batch.idempotencyKey(), "REVERTED", e.txHash().orElse(null), e.errorName().get() + ": " + e.getMessage())
                    .await().atMost(WAIT);
            LOG.errorf("settlement %s reverted: %s; its orders are re-planned from the chain's cursors", batch.idempotencyKey(), e.getMessage());
            replan(results);
        }
    }

    /**
     * A reverted batch settled nothing (a transaction is all or nothing). Its orders take the chain's cursor and
     * end (an epoch settled by another transaction, an order the creator cancelled or closed on chain) and are
     * planned again, alone, on the next tick. The escrow's own cursor makes paying an epoch twice impossible.
     */
    private void replan(List<EpochResults> results) {
        for (EpochResults entry : results) {
            EscrowGateway.OrderOnChain onChain = escrow.order(entry.orderId()).await().atMost(WAIT);
            ledger.resync(entry.orderId(), onChain.settledEpochs(), onChain.epochs(), onChain.status() == EscrowGateway.Status.CLOSED)
                    .await().atMost(WAIT);
        }
    }

    // ------------------------------------------------------------ ends: cancel, claims, refund, expiry

    /** Orders their creator cancelled in the marketplace: the escrow is cancelled through the journal (key {@code cancel:<order>}). */
    private void cancelOnChain() {
        for (UUID order : ledger.cancelledOffChain().await().atMost(WAIT)) {
            String txHash = null;
            try {
                txHash = escrow.cancel(order).await().atMost(WAIT).txHash();
            } catch (ChainTransactionException e) {
                if (e.errorName().isEmpty()) {
                    throw e;
                }
                // NotCancellable: the creator cancelled or closed it on chain already; take the chain's end either way
                LOG.warnf("escrow of order %s not cancelled: %s", order, e.getMessage());
                txHash = e.txHash().orElse("none: " + e.errorName().get());
            }
            EscrowGateway.OrderOnChain onChain = escrow.order(order).await().atMost(WAIT);
            ledger.recordCancelled(order, txHash, onChain.epochs()).await().atMost(WAIT);
            LOG.infof("escrow of order %s cancelled: %d epochs remain to settle of %d", order, onChain.epochs(), onChain.fundedEpochs());
        }
    }

    /**
     * Orders whose every epoch is settled and confirmed (expired, or cancelled and settled to the chain's end):
     * every tenure's earnings are claimed into its agent's balance and the creator's refund released (both
     * callable by anyone, so the marketplace pays the gas once for all, under keys
     * {@code claim:<order>:<slot>:<tenure>:end} and {@code refund:<order>:end}); then the order and its deals end.
     * Agents withdraw with their own key: only they can.
     */
    private void payOutEndedOrders() {
        for (OrderEscrow order : ledger.settledToTheEnd().await().atMost(WAIT)) {
            UUID id = order.orderId();
            for (int s = 0; s < order.replicas(); s++) {
                int slot = s;
                for (EscrowGateway.TenureOnChain tenure : escrow.tenures(id, slot).await().atMost(WAIT)) {
                    if (tenure.claimable().signum() > 0) {
                        ignoring("NothingToClaim", () -> escrow.claim(id, slot, tenure.index(),
                                "claim:" + id + ":" + slot + ":" + tenure.index() + ":end").await().atMost(WAIT));
                    }
                }
            }
            if (escrow.refundable(id).await().atMost(WAIT).signum() > 0) {
                ignoring("NothingToRefund", () -> escrow.releaseRefund(id, "refund:" + id + ":end").await().atMost(WAIT));
            }
            ledger.markPaidOut(id, OffsetDateTime.now(ZoneOffset.UTC)).await().atMost(WAIT);
            try {
                VertxContextSupport.subscribeAndAwait(() -> orders.expire(id));
            } catch (Throwable e) {
                throw new IllegalStateException("expiring order " + id + ": " + e.getMessage(), e);
            }
            LOG.infof("order %s paid out: every tenure claimed, the creator's refund released", id);
        }
    }

    private static void ignoring(String error, Runnable call) {
        try {
            call.run();
        } catch (ChainTransactionException e) {
            if (!e.errorName().filter(error::equals).isPresent()) {
                throw e;
            }
        }
    }

    static EpochResults results(SettlementEntry entry) {
        List<BitSet> passed = entry.passed().stream().map(mask -> BitSet.valueOf(new long[] {mask})).toList();
        return new EpochResults(entry.orderId(), entry.fromEpoch(), entry.replicas(), passed);
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
