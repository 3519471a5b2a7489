package dev.shoal.contracts.market;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.proof.Nonce;

import java.time.Clock;
import java.time.Duration;

/**
 * A locator's signed word that it pointed a viewer at the sources of one content: the player keeps it and
 * hands it in with a tip, which credits the locator's share to {@code locator}. Short-lived; the nonce
 * makes each ticket distinct so a gateway can refuse a replay.
 *
 * @param locator   the locator's address (0x-hex), which signs the ticket
 * @param contentId the content (64 hex digits)
 * @param nonce     32 random bytes, hex
 */
public record LocatorTicket(int version, String locator, String contentId, long issuedAtMillis, long expiresAtMillis,
                            String nonce, String signature) {

    public static LocatorTicket issue(SigningKey key, String contentId, Duration lifetime, Clock clock) {
        long now = clock.millis();
        LocatorTicket unsigned = new LocatorTicket(1, key.address().toString(), Sha256.fromHex(contentId).hex(), now,
                now + lifetime.toMillis(), Nonce.random().hex(), null);
        String sig = key.sign(MarketSignatures.text(MarketSignatures.LOCATOR_TICKET, unsigned.digest())).hex();
        return new LocatorTicket(1, unsigned.locator, unsigned.contentId, now, unsigned.expiresAtMillis, unsigned.nonce, sig);
    }

    public Sha256 digest() {
        return new CanonicalWriter(160).str("shoal-locator-ticket/1").u32(version).raw(Address.parse(locator).bytes())
                .digest(Sha256.fromHex(contentId)).u64(issuedAtMillis).u64(expiresAtMillis).raw(Nonce.fromHex(nonce).bytes())
                .sha256();
    }

    /** The locator's address once the signature is shown to be its own. Freshness and replay are the caller's to check. */
    public Address verify() {
        return MarketSignatures.verify(MarketSignatures.LOCATOR_TICKET, digest(), locator, signature);
    }

    public boolean expiredAt(long millis) {
        return millis >= expiresAtMillis;
    }
}
