package dev.shoal.marketplace.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * A settlement transaction, planned with its entries and key before it is sent (V5), so a restart sends the
 * same batch under the same idempotency key instead of a new one.
 */
@Entity
@Table(name = "settlement_batch")
public class SettlementBatch {

    public enum Status { PLANNED, CONFIRMED, REVERTED }

    /** {@code settle:<round>:<n>}: the chain journal's key. */
    @Id
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The newest marketplace epoch it settles up to. */
    @Column(nullable = false)
    public long round;

    /** Its {@link SettlementEntry}s as JSON. */
    @Column(nullable = false)
    public String entries;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "tx_hash")
    public String txHash;

    public String error;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
