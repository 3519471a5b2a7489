package dev.shoal.gateway.tips;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tip this gateway prepared (see V2__tips.sql). Addresses are lowercase hex. */
@Entity
@Table(name = "tip")
public class Tip {

    /** Chosen by the player: its idempotency key. */
    @Id
    @Column(name = "tip_id")
    public UUID tipId;

    /** 0x + 64 hex: the reference the contract accepts once. */
    @Column(nullable = false, unique = true)
    public String ref;

    /** SHA-256 of the request's canonical form: a repeated tipId must carry the same request. */
    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Column(nullable = false)
    public String session;

    @Column(nullable = false)
    public String tipper;

    @Column(nullable = false)
    public String creator;

    /** The zero address when peers alone served the session. */
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

    @Column(name = "served_bytes", nullable = false)
    public long servedBytes;

    @Column(name = "session_bytes", nullable = false)
    public long sessionBytes;

    @Column(name = "ticket_nonce", nullable = false, unique = true)
    public String ticketNonce;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(name = "tip_splitter", nullable = false)
    public String tipSplitter;

    @Column(nullable = false)
    public String calldata;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TipStatus status;

    @Column(name = "tx_hash")
    public String txHash;

    @Column(name = "prepared_at", nullable = false)
    public OffsetDateTime preparedAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;
}
