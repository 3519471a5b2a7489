package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An advertiser's request to fork a creator's content (V10): the fork's signed manifest, checked against its plan, and
 * the consent terms the creator is asked to sign. The fork becomes a content only once the creator's consent verifies.
 */
@Entity
@Table(name = "fork_request")
public class ForkRequest {

    /** Stored states; {@link #state(Instant)} adds LAPSED, computed on read for a request whose term has ended. */
    public enum State { PENDING, CONSENTED, DECLINED, LAPSED }

    @Id
    public UUID id;

    /** The fork's content id (which fixes the cue points and the ad's bytes). */
    @Column(name = "fork_id", nullable = false)
    public String forkId;

    @Column(name = "original_id", nullable = false)
    public String originalId;

    @Column(name = "ad_id", nullable = false)
    public String adId;

    /** The advertiser's Keycloak user, its name shown, and the address that signed the ad and the fork. */
    @Column(name = "advertiser_owner", nullable = false)
    public String advertiserOwner;

    @Column(name = "advertiser_name", nullable = false)
    public String advertiserName;

    @Column(nullable = false)
    public String advertiser;

    /** The original's Keycloak user and the address that signed it, who must sign the consent. */
    @Column(name = "creator_owner", nullable = false)
    public String creatorOwner;

    @Column(nullable = false)
    public String creator;

    @Column(nullable = false)
    public String title;

    /** JSON array of the cue points on the original's timeline, µs. */
    @Column(name = "cues_micros", nullable = false)
    public String cuesMicros;

    /** The fork's signed manifest, as the advertiser's tools wrote it. */
    @Column(nullable = false)
    public String manifest;

    @Column(name = "amount_units", nullable = false, precision = 78)
    public BigInteger amountUnits;

    @Column(nullable = false)
    public int replicas;

    /** The term, epoch seconds, as the consent states it. */
    @Column(name = "term_start", nullable = false)
    public long termStart;

    @Column(name = "term_end", nullable = false)
    public long termEnd;

    @Column(name = "offer_first", nullable = false)
    public boolean offerFirst;

    @Column(nullable = false, precision = 78)
    public BigInteger nonce;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    /** The sponsorship contract the consent's EIP-712 domain names. */
    @Column(nullable = false)
    public String contract;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state = State.PENDING;

    /** The creator's signed consent (its wire form) and its EIP-712 digest, which is taken once. */
    public String consent;

    @Column(name = "consent_digest")
    public String consentDigest;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;

    /** The terms the creator is asked to sign, exactly. */
    public SponsorshipConsent terms() {
        return new SponsorshipConsent(chainId, Address.parse(contract), Sha256.fromHex(originalId), Sha256.fromHex(forkId),
                Address.parse(creator), Address.parse(advertiser), amountUnits, replicas, termStart, termEnd, offerFirst, nonce);
    }

    /** The state now: a pending or consented request whose term has ended has LAPSED. */
    public State state(Instant now) {
        return (state == State.PENDING || state == State.CONSENTED) && now.getEpochSecond() >= termEnd ? State.LAPSED : state;
    }
}
