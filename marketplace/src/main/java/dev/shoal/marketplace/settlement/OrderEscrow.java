package dev.shoal.marketplace.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An order's escrow as the marketplace remembers it (V5, V7). Escrow epoch k is the marketplace's epoch
 * {@code firstEpoch + k}; epochs [0, settledEpochs) are in a planned or sent settlement batch.
 */
@Entity
@Table(name = "order_escrow")
public class OrderEscrow {

    public enum Status { FUNDED, REFUSED, CLOSED }

    /** Funded by the marketplace with the local demo creator key, or by the creator's own wallet. */
    public static final String BY_DEMO_KEY = "demo-key";
    public static final String BY_CREATOR = "creator";

    /** An order whose batches reverted this many times in a row, the last ones alone, waits for an operator. */
    public static final int STALLED_AFTER_REVERTS = 3;

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** The address that funded it. */
    @Column(nullable = false)
    public String creator;

    /** The order's maximum per replica-epoch in sUSD units: what the escrow holds per replica-epoch (each slot costs its own ask, at most this). */
    @Column(name = "price_per_replica_epoch", nullable = false, precision = 78)
    public BigInteger maxPricePerReplicaEpoch;

    @Column(name = "epoch_millis", nullable = false)
    public long epochMillis;

    @Column(name = "first_epoch", nullable = false)
    public long firstEpoch;

    /** The escrow's epochs; a cancel shortens them to where the chain ends the order. */
    @Column(nullable = false)
    public int epochs;

    @Column(nullable = false)
    public int replicas;

    @Column(name = "fund_tx")
    public String fundTx;

    /** Why the escrow refused the terms (REFUSED). */
    public String error;

    @Column(name = "settled_epochs", nullable = false)
    public int settledEpochs;

    @Column(name = "funded_at", nullable = false)
    public OffsetDateTime fundedAt;

    @Column(name = "funded_by", nullable = false)
    public String fundedBy;

    @Column(name = "cancel_tx")
    public String cancelTx;

    @Column(name = "paid_out_at")
    public OffsetDateTime paidOutAt;

    /** Batches of this order that reverted since its last confirmed one: it then settles alone. */
    @Column(name = "settle_reverts", nullable = false)
    public int settleReverts;

    /** Escrow epochs not planned for settlement yet start here, as marketplace epochs. */
    public long nextEpoch() {
        return firstEpoch + settledEpochs;
    }
}
