package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.OrderEscrowRepository.Unfunded;
import dev.shoal.service.reactive.OwnContext;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Escrows come into being here: with {@code shoal.settlement.funding=demo-key} (local chains) the job funds every
 * order whose replicas are all placed, one slot per deal, with the demo creator key; otherwise the creator's wallet
 * funds ({@link CreatorFunding}), and both record the escrow through {@link #record}. A fork's order is always funded
 * from its advertiser's wallet ({@link CreatorFunding}, the fork's content creator being the advertiser's address).
 */
@ApplicationScoped
public class EscrowFunding {

    private static final Logger LOG = Logger.getLogger(EscrowFunding.class);
    static final Duration WAIT = Duration.ofMinutes(2);

    private final OrderEscrowRepository escrows;
    private final EscrowSlotRepository slots;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;
    private final OwnContext own;

    public EscrowFunding(OrderEscrowRepository escrows, EscrowSlotRepository slots, EscrowGateway escrow, MarketplaceConfig config,
                         OwnContext own) {
        this.escrows = escrows;
        this.slots = slots;
        this.escrow = escrow;
        this.config = config;
        this.own = own;
    }

    /**
     * What one replica of a content costs per epoch: its agent's ask per GB-epoch for the content's size (the order's
     * maximum when the ask is unknown), never more than the order's maximum for that size.
     */
    public static BigInteger slotPrice(BigInteger askPerGbEpoch, BigInteger maxPricePerGbEpoch, long totalBytes) {
        BigInteger max = Susd.perReplicaEpoch(maxPricePerGbEpoch, totalBytes);
        return askPerGbEpoch == null ? max : Susd.perReplicaEpoch(askPerGbEpoch, totalBytes).min(max);
    }

    /** Escrow epoch 0 is the first whole marketplace epoch after the marketplace learns of the funding. */
    static long firstEpochAfter(Duration epoch, Instant fundedAt) {
        return EpochPasses.epochOf(epoch.toMillis(), fundedAt.toEpochMilli()) + 1;
    }

    /** Funds every placed order with the demo key, as of {@code now}; nothing unless {@code shoal.settlement.funding=demo-key}. Blocking. */
    public void fundPlacedOrders(Instant now) {
        if (config.settlement().funding() != MarketplaceConfig.Funding.DEMO_KEY) {
            return;
        }
        for (Unfunded order : own.await(escrows::unfunded)) {
            fund(order, now);
        }
    }

    private void fund(Unfunded order, Instant now) {
        String creatorKey = DemoKeys.CREATOR_PRIVATE_KEY;
        String creator = EscrowGateway.addressOf(creatorKey);
        Duration epoch = config.market().epoch();
        BigInteger price = order.maxPricePerReplicaEpoch();
        List<BigInteger> prices = order.pricesPerReplicaEpoch();
        BigInteger total = price.multiply(BigInteger.valueOf((long) order.replicas() * order.epochs()));
        OrderEscrow terms = escrow(order, creator, price, epoch, now);
        try {
            if (price.signum() == 0) {
                throw new ChainTransactionException("price per replica-epoch rounds to zero", "InvalidTerms", null);
            }
            BigInteger balance = escrow.tokenBalance(creator).await().atMost(WAIT);
            if (balance.compareTo(total) < 0) {
                escrow.mintTestTokens(creator, total, "mint:" + order.orderId()).await().atMost(WAIT);
            }
            ChainReceipt funded = escrow.fundOrder(creatorKey, order.orderId(), order.agents(), prices, order.epochs(), epoch, price)
                    .await().atMost(WAIT);
            terms.status = OrderEscrow.Status.FUNDED;
            terms.fundTx = funded.txHash();
            own.await(() -> record(terms, order.deals(), prices));
            LOG.infof("order %s funded: at most %s x %d epochs x %d replicas, asks %s (tx %s)", order.orderId(), price, order.epochs(),
                    order.replicas(), prices, funded.txHash());
        } catch (ChainTransactionException e) {
            if (e.errorName().isEmpty()) {
                throw e; // the node or the network: try again next tick, under the same keys
            }
            // the escrow refused these terms: remember it rather than retry for ever
            terms.status = OrderEscrow.Status.REFUSED;
            terms.fundTx = e.txHash().orElse(null);
            terms.error = e.errorName().get() + ": " + e.getMessage();
            own.await(() -> record(terms, List.of(), List.of()));
            LOG.warnf("order %s not funded: %s", order.orderId(), e.getMessage());
        }
    }

    private static OrderEscrow escrow(Unfunded order, String creator, BigInteger price, Duration epoch, Instant now) {
        OrderEscrow e = new OrderEscrow();
        e.orderId = order.orderId();
        e.creator = creator;
        e.maxPricePerReplicaEpoch = price;
        e.epochMillis = epoch.toMillis();
        e.firstEpoch = firstEpochAfter(epoch, now);
        e.epochs = order.epochs();
        e.replicas = order.replicas();
        e.fundedAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        e.fundedBy = OrderEscrow.BY_DEMO_KEY;
        return e;
    }

    /**
     * Stores an escrow and, for every deal given, the slot it holds from epoch 0 (slot i for deal i, at prices[i] per
     * replica-epoch), in one transaction; false when the order had an escrow already (nothing changed).
     */
    @WithTransaction
    public Uni<Boolean> record(OrderEscrow escrow, List<UUID> deals, List<BigInteger> prices) {
        return escrows.findById(escrow.orderId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(false);
            }
            List<EscrowSlot> held = new ArrayList<>();
            for (int slot = 0; slot < deals.size(); slot++) {
                held.add(EscrowSlot.of(escrow.orderId, slot, deals.get(slot), 0, null, prices.get(slot)));
            }
            // a refused escrow holds no slots (and Panache refuses to persist an empty list)
            return escrows.persist(escrow).chain(() -> held.isEmpty() ? Uni.createFrom().voidItem() : slots.persist(held))
                    .replaceWith(true);
        });
    }
}
