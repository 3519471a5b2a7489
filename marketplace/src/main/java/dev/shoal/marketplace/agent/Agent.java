package dev.shoal.marketplace.agent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/** A distributor agent, known by its payout address (proven by signature at registration). */
@Entity
@Table(name = "agent")
public class Agent {

    @Id
    public String address;

    /** The Keycloak user who registered it: agents of one operator count as one for spreading. */
    @Column(nullable = false)
    public String operator;

    @Column(nullable = false)
    public String endpoint;

    /** The network it serves from (see {@link Networks}): agents on one network count as one for spreading. */
    @Column(nullable = false)
    public String network;

    @Column(nullable = false)
    public String region;

    @Column(name = "capacity_bytes", nullable = false)
    public long capacityBytes;

    @Column(name = "used_bytes", nullable = false)
    public long usedBytes;

    @Column(name = "price_per_gb_epoch_wei", nullable = false, precision = 78)
    public BigInteger pricePerGbEpochWei;

    @Column(name = "registration_issued_at", nullable = false)
    public long registrationIssuedAt;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    @Column(name = "last_heartbeat_at")
    public OffsetDateTime lastHeartbeatAt;

    @Column(name = "last_heartbeat_sequence")
    public Long lastHeartbeatSequence;

    @Column(nullable = false)
    public long heartbeats;
}
