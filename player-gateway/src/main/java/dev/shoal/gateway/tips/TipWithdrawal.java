package dev.shoal.gateway.tips;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A recipient's payout from the tip splitter: one Withdrawn event (see V2__tips.sql). */
@Entity
@Table(name = "tip_withdrawal")
public class TipWithdrawal {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(nullable = false)
    public String account;

    @Column(name = "amount_wei", nullable = false, precision = 78)
    public BigInteger amountWei;

    @Column(name = "tx_hash", nullable = false)
    public String txHash;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;

    @Column(name = "withdrawn_at", nullable = false)
    public OffsetDateTime withdrawnAt;
}
