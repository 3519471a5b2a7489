package dev.shoal.marketplace.deal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One replica of an order on one agent. */
@Entity
@Table(name = "deal")
public class Deal {

    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(nullable = false)
    public String agent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DealState state;

    /** The lost deal this one repairs, if any. */
    public UUID replaces;

    /** Consecutive failed or missed epoch audits: 1 warns, 2 suspends, 3 declares the replica lost. */
    @Column(nullable = false)
    public int strikes;

    @Column(name = "bytes_verified", nullable = false)
    public long bytesVerified;

    @Column(name = "last_audit_at")
    public OffsetDateTime lastAuditAt;

    /** The agent's ask per GB-epoch in sUSD units when the deal was placed: what this replica costs (null: placed before asks were kept, the order's maximum). */
    @Column(name = "ask_per_gb_epoch", precision = 78)
    public java.math.BigInteger askPerGbEpoch;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
