package dev.shoal.marketplace.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A challenge sent to one replica, and how it was answered. */
@Entity
@Table(name = "audit")
public class Audit {

    public enum Kind { FIRST, EPOCH }

    public enum Outcome { PENDING, PASSED, FAILED, MISSED }

    @Id
    public UUID id;

    @Column(name = "deal_id", nullable = false)
    public UUID dealId;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String nonce;

    /** The epoch an EPOCH audit checks (epoch n starts at n x epoch length since the Unix epoch). */
    public Long epoch;

    @Column(nullable = false)
    public int samples;

    @Column(name = "issued_at", nullable = false)
    public OffsetDateTime issuedAt;

    @Column(name = "deadline_at", nullable = false)
    public OffsetDateTime deadlineAt;

    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    public String detail;
}
