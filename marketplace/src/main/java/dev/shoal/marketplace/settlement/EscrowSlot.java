package dev.shoal.marketplace.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

/** A deal holding an escrow slot from an escrow epoch on (V5): repair opens a new tenure on a slot. */
@Entity
@Table(name = "escrow_slot")
@IdClass(EscrowSlot.Key.class)
public class EscrowSlot {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    public int slot;

    @Id
    @Column(name = "from_epoch")
    public int fromEpoch;

    @Column(name = "deal_id", nullable = false, unique = true)
    public UUID dealId;

    /** The replaceAgent transaction that handed a repaired slot over (none for the funding's own slots). */
    @Column(name = "tx_hash")
    public String txHash;

    /** What the escrow pays this tenure per passed epoch, in sUSD units: its agent's ask (null: recorded before asks were kept). */
    @Column(name = "price_per_replica_epoch", precision = 78)
    public BigInteger pricePerReplicaEpoch;

    public static EscrowSlot of(UUID orderId, int slot, UUID dealId, int fromEpoch, String txHash) {
        return of(orderId, slot, dealId, fromEpoch, txHash, null);
    }

    public static EscrowSlot of(UUID orderId, int slot, UUID dealId, int fromEpoch, String txHash, BigInteger pricePerReplicaEpoch) {
        EscrowSlot s = new EscrowSlot();
        s.pricePerReplicaEpoch = pricePerReplicaEpoch;
        s.orderId = orderId;
        s.slot = slot;
        s.dealId = dealId;
        s.fromEpoch = fromEpoch;
        s.txHash = txHash;
        return s;
    }

    public static final class Key implements Serializable {

        public UUID orderId;
        public int slot;
        public int fromEpoch;

        public Key() {
        }

        public Key(UUID orderId, int slot, int fromEpoch) {
            this.orderId = orderId;
            this.slot = slot;
            this.fromEpoch = fromEpoch;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(orderId, k.orderId) && slot == k.slot && fromEpoch == k.fromEpoch;
        }

        @Override
        public int hashCode() {
            return Objects.hash(orderId, slot, fromEpoch);
        }
    }
}
