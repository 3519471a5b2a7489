package dev.shoal.contracts.market;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.Nonce;

/**
 * An audit due: the content model's {@link Challenge} in JSON-friendly fields, and the moment after which an
 * answer counts as missed.
 */
public record AuditChallenge(String auditId, String contentId, String replica, String nonce, int samples,
                             long deadlineMillis) {

    public static AuditChallenge of(String auditId, Challenge c, long deadlineMillis) {
        return new AuditChallenge(auditId, c.contentId().hex(), c.replica().toString(), c.nonce().hex(), c.samples(),
                deadlineMillis);
    }

    public Challenge challenge() {
        return new Challenge(Sha256.fromHex(contentId), Address.parse(replica), Nonce.fromHex(nonce), samples);
    }
}
