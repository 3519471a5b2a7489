package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.settlement.EscrowSlotRepository.PendingRepair;
import dev.shoal.service.reactive.OwnContext;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import static dev.shoal.marketplace.settlement.EscrowFunding.WAIT;

/**
 * A repair deal takes over the escrow slot of the deal it replaces ({@code replaceAgent}, key
 * {@code replace:<deal>}), from the order's next unsettled escrow epoch, at its own agent's ask (never above the
 * order's maximum): from then on its audits settle the slot.
 */
@ApplicationScoped
public class RepairHandover {

    private static final Logger LOG = Logger.getLogger(RepairHandover.class);

    private final EscrowSlotRepository slots;
    private final OrderEscrowRepository escrows;
    private final EscrowGateway escrow;
    private final OwnContext own;

    public RepairHandover(EscrowSlotRepository slots, OrderEscrowRepository escrows, EscrowGateway escrow, OwnContext own) {
        this.slots = slots;
        this.escrows = escrows;
        this.escrow = escrow;
        this.own = own;
    }

    /** Hands every pending repair's slot over on chain and records the new tenure. Blocking. */
    public void handOverRepairedSlots() {
        for (PendingRepair repair : own.await(slots::pendingRepairs)) {
            String txHash = null;
            try {
                txHash = escrow.replaceAgent(repair.orderId(), repair.slot(), repair.agent(), repair.pricePerReplicaEpoch(),
                                "replace:" + repair.dealId())
                        .await().atMost(WAIT).txHash();
            } catch (ChainTransactionException e) {
                if (e.errorName().isEmpty()) {
                    throw e;
                }
                // EpochOutOfRange: every epoch is settled already, nothing left to hand over
                LOG.warnf("slot %d of order %s not handed to %s: %s", repair.slot(), repair.orderId(), repair.agent(), e.getMessage());
            }
            String handedOver = txHash;
            own.await(() -> record(repair, handedOver));
        }
    }

    /** The repair deal holds the slot from the order's next unsettled escrow epoch; a tenure recorded before stays. */
    @WithTransaction
    Uni<Void> record(PendingRepair repair, String txHash) {
        return escrows.findById(repair.orderId()).chain(order -> slots.holds(repair.dealId()).chain(held -> {
            if (order == null || held) {
                return Uni.createFrom().voidItem();
            }
            return slots.findById(new EscrowSlot.Key(repair.orderId(), repair.slot(), order.settledEpochs)).chain(taken -> taken != null
                    ? Uni.createFrom().voidItem()
                    : slots.persist(EscrowSlot.of(repair.orderId(), repair.slot(), repair.dealId(), order.settledEpochs, txHash,
                            repair.pricePerReplicaEpoch()))
                            .replaceWithVoid());
        }));
    }
}
