package dev.shoal.contracts.market;

import dev.shoal.contracts.proof.RetentionProof;

import java.util.Base64;

/**
 * The answer to an {@link AuditChallenge}: the signed proof in its binary encoding, base64; or, when the agent
 * knows it cannot answer (segment lost), no proof and an error code, which the marketplace counts as a strike
 * at once instead of waiting for the deadline.
 */
public record AuditAnswer(String auditId, String proof, String error) {

    public static AuditAnswer of(String auditId, RetentionProof proof) {
        return new AuditAnswer(auditId, Base64.getEncoder().encodeToString(proof.encode()), null);
    }

    public static AuditAnswer failed(String auditId, String error) {
        return new AuditAnswer(auditId, null, error);
    }

    public RetentionProof decodeProof() {
        return RetentionProof.decode(Base64.getDecoder().decode(proof));
    }
}
