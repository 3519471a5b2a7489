package dev.shoal.marketplace.settlement;

import dev.shoal.service.reactive.OwnContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The marketplace's record of an order's escrow as the tests read it, each read a unit of work of its own. */
@ApplicationScoped
public class EscrowRecords {

    private final OwnContext own;
    private final OrderEscrowRepository escrows;
    private final EscrowSlotRepository slots;

    public EscrowRecords(OwnContext own, OrderEscrowRepository escrows, EscrowSlotRepository slots) {
        this.own = own;
        this.escrows = escrows;
        this.slots = slots;
    }

    public Optional<OrderEscrow> find(UUID order) {
        return Optional.ofNullable(own.await(() -> escrows.ofOrder(order)));
    }

    /** Every tenure of the order's slots, by slot and start. */
    public List<EscrowSlot> slots(UUID order) {
        return own.await(() -> slots.ofOrder(order));
    }
}
