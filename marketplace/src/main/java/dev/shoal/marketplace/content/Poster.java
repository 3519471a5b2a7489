package dev.shoal.marketplace.content;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A content's poster image, as its creator uploaded it (checked by {@link PosterImage}); one per content, replaced whole. */
@Entity
@Table(name = "content_poster")
public class Poster {

    @Id
    @Column(name = "content_id")
    public String contentId;

    @Column(name = "media_type", nullable = false)
    public String mediaType;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(nullable = false)
    public byte[] bytes;

    /** Hex SHA-256 of the bytes: the ETag. */
    @Column(nullable = false)
    public String sha256;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
