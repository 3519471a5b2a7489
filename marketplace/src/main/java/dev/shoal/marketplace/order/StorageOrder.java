package dev.shoal.marketplace.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A creator's order for archival storage of one content: how many replicas, for how long, at what price at most. */
@Entity
@Table(name = "storage_order")
public class StorageOrder {

    public static final int MIN_REPLICAS = 5;
    public static final int MAX_REPLICAS = 10;

    @Id
    public UUID id;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Column(nullable = false)
    public String owner;

    @Column(nullable = false)
    public int replicas;

    @Column(nullable = false)
    public int epochs;

    @Column(name = "max_price_per_gb_epoch_wei", nullable = false, precision = 78)
    public BigInteger maxPricePerGbEpochWei;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** OPEN until its creator cancels it or its last epoch is settled and paid out. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.OPEN;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    public enum Status { OPEN, CANCELLED, EXPIRED }
}
