package dev.shoal.gateway.tips;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.util.UUID;

/** What one recipient got from one TipSplit (see V2__tips.sql). */
@Entity
@Table(name = "tip_credit")
public class TipCredit {

    public static final String CREATOR = "creator";
    public static final String SERVING = "serving";
    public static final String LOCATOR = "locator";

    /** Derived from the event id and the role, so the same credit always has the same id. */
    @Id
    public UUID id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    /** creator, serving or locator. */
    @Column(nullable = false)
    public String role;

    @Column(nullable = false)
    public String account;

    @Column(name = "amount_wei", nullable = false, precision = 78)
    public BigInteger amountWei;

    /** The tip this gateway prepared for it, if it did. */
    @Column(name = "tip_id")
    public UUID tipId;
}
