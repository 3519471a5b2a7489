package dev.shoal.marketplace.mirror;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A signed registration or removal already taken, by its digest: the same statement is never taken twice. */
@Entity
@Table(name = "mirror_statement")
public class MirrorStatement {

    @Id
    public String digest;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String url;

    @Column(name = "issued_at", nullable = false)
    public OffsetDateTime issuedAt;

    @Column(name = "taken_at", nullable = false)
    public OffsetDateTime takenAt;
}
