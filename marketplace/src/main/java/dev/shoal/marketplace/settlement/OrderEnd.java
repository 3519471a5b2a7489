package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.order.OrderService;
import dev.shoal.service.reactive.OwnContext;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import static dev.shoal.marketplace.settlement.EscrowFunding.WAIT;

/**
 * An order's escrow at its end: orders cancelled in the marketplace get their escrow cancelled on chain (through
 * the journal); orders whose every epoch is settled and confirmed are paid out (every tenure claimed into its agent's
 * balance, the creator's refund released) and end, with their deals.
 */
@ApplicationScoped
public class OrderEnd {

    private static final Logger LOG = Logger.getLogger(OrderEnd.class);

    private final OrderEscrowRepository escrows;
    private final EscrowGateway escrow;
    private final OrderService orders;
    private final OwnContext own;
    private final Clock clock;

    public OrderEnd(OrderEscrowRepository escrows, EscrowGateway escrow, OrderService orders, OwnContext own, Clock clock) {
        this.escrows = escrows;
        this.escrow = escrow;
        this.orders = orders;
        this.own = own;
        this.clock = clock;
    }

    /** Orders their creator cancelled in the marketplace: the escrow is cancelled (key {@code cancel:<order>}). Blocking. */
    public void cancelOnChain() {
        for (UUID order : own.await(escrows::cancelledOffChain)) {
            String txHash;
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
            String cancelTx = txHash;
            own.await(() -> recordCancelled(order, cancelTx, onChain.epochs()));
            LOG.infof("escrow of order %s cancelled: %d epochs remain to settle of %d", order, onChain.epochs(), onChain.fundedEpochs());
        }
    }

    /** The escrow was cancelled on chain: its epochs end where the chain says. */
    @WithTransaction
    Uni<Void> recordCancelled(UUID orderId, String txHash, int epochs) {
        return escrows.findById(orderId).invoke(e -> {
            e.cancelTx = txHash;
            e.epochs = Math.max(e.settledEpochs, epochs);
        }).replaceWithVoid();
    }

    /**
     * Orders whose every epoch is settled and confirmed (expired, or cancelled and settled to the chain's end):
     * every tenure's earnings are claimed into its agent's balance and the creator's refund released (both
     * callable by anyone, so the marketplace pays the gas once for all, under keys
     * {@code claim:<order>:<slot>:<tenure>:end} and {@code refund:<order>:end}); then the order and its deals end.
     * Agents withdraw with their own key: only they can. Blocking.
     */
    public void payOutEndedOrders() {
        for (OrderEscrow order : own.await(escrows::settledToTheEnd)) {
            UUID id = order.orderId;
            for (int s = 0; s < order.replicas; s++) {
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
            own.await(() -> paidOut(id));
            LOG.infof("order %s paid out: every tenure claimed, the creator's refund released", id);
        }
    }

    /** The escrow is paid out, and the order ends with its deals, in one transaction. */
    @WithTransaction
    Uni<Void> paidOut(UUID orderId) {
        return escrows.findById(orderId).invoke(e -> e.paidOutAt = OffsetDateTime.now(clock)).chain(() -> orders.expire(orderId));
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
}
