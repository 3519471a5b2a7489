package dev.shoal.gateway.tips;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tip as the chain recorded it: one TipSplit event of the tip splitter (see V2__tips.sql). */
@Entity
@Table(name = "tip_split")
public class TipSplit {

    /** The chain event's id (chain id, transaction, log index), as the marketplace published it. */
    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(nullable = false, unique = true)
    public String ref;

    /** The contract's own tip counter. */
    @Column(name = "chain_tip_id", nullable = false, precision = 78)
    public BigInteger chainTipId;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Column(nullable = false)
    public String tipper;

    @Column(nullable = false)
    public String creator;

    @Column(name = "serving_node", nullable = false)
    public String servingNode;

    @Column(nullable = false)
    public String locator;

    @Column(name = "amount_wei", nullable = false, precision = 78)
    public BigInteger amountWei;

    @Column(name = "creator_wei", nullable = false, precision = 78)
    public BigInteger creatorWei;

    @Column(name = "serving_wei", nullable = false, precision = 78)
    public BigInteger servingWei;

    @Column(name = "locator_wei", nullable = false, precision = 78)
    public BigInteger locatorWei;

    @Column(name = "tx_hash", nullable = false)
    public String txHash;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;

    @Column(name = "split_at", nullable = false)
    public OffsetDateTime splitAt;
}
