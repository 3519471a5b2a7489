package dev.shoal.marketplace.content;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A finished stream registered by its creator: the signed manifest and where it can be fetched first. */
@Entity
@Table(name = "content")
public class Content {

    @Id
    @Column(name = "content_id")
    public String contentId;

    /** The creator's address that signed the manifest. */
    @Column(nullable = false)
    public String creator;

    /** The Keycloak user who registered it: only they see and order it. */
    @Column(nullable = false)
    public String owner;

    /** The name people know the creator by, from the account that registered it; null for contents from before names. */
    @Column(name = "creator_name")
    public String creatorName;

    @Column(nullable = false)
    public String title;

    /** The longest rendition's length. */
    @Column(name = "duration_micros", nullable = false)
    public long durationMicros;

    @Column(name = "total_bytes", nullable = false)
    public long totalBytes;

    /** The signed manifest's JSON form, exactly as the creator's tools wrote it. */
    @Column(nullable = false)
    public String manifest;

    /** JSON array of base URLs serving /segments/{sha256} (the creator's own agent, mirrors). */
    @Column(nullable = false)
    public String origins;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** For an ad fork, the original's content id: the fork is listed with its original, not on its own in the catalog. */
    @Column(name = "fork_of")
    public String forkOf;

    /** The name to show: the creator's name, else the address. */
    public String creatorShown() {
        return creatorName == null || creatorName.isBlank() ? creator : creatorName;
    }

    public double durationSeconds() {
        return durationMicros / 1_000_000.0;
    }
}
