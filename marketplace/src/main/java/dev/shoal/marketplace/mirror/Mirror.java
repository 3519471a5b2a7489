package dev.shoal.marketplace.mirror;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A mirror of a content: a URL template its creator registered, a source like an agent. */
@Entity
@Table(name = "content_mirror")
public class Mirror {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    /** The mirror's URL template, as the registrant signed it. */
    @Column(nullable = false)
    public String url;

    /** The address that signed the registration. */
    @Column(nullable = false)
    public String registrant;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;
}
