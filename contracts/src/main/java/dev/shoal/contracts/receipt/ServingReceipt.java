package dev.shoal.contracts.receipt;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * An agent's statement that it served {@code bytes} of a segment to a viewer session: the evidence that names
 * the serving node in a tip.
 *
 * @param receiptId      16 random bytes in hex: unique per receipt, the replay key
 * @param issuedAtMillis when the agent served, epoch milliseconds
 */
public record ServingReceipt(String receiptId, Sha256 contentId, Sha256 segment, long bytes, String viewerSession,
                             long issuedAtMillis, Address agent) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ServingReceipt {
        if (receiptId == null || !receiptId.matches("[0-9a-f]{32}") || contentId == null || segment == null
                || bytes < 0 || viewerSession == null || viewerSession.isEmpty()
                || viewerSession.getBytes(StandardCharsets.UTF_8).length > 256 || issuedAtMillis < 0 || agent == null) {
            throw new ContentException.MalformedValue("invalid serving receipt " + receiptId);
        }
    }

    /** A new receipt with a random id, signed by the agent. */
    public static SignedReceipt issue(Sha256 contentId, Sha256 segment, long bytes, String viewerSession, Clock clock,
                                      SigningKey agentKey) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        ServingReceipt r = new ServingReceipt(HexFormat.of().formatHex(id), contentId, segment, bytes, viewerSession,
                clock.millis(), agentKey.address());
        return new SignedReceipt(r, agentKey.sign(r.signedText()));
    }

    /** Issued within {@code window} of {@code now}, either side (for clock skew): what a receiver counts; an older receipt is stale. */
    public boolean issuedWithin(java.time.Duration window, java.time.Instant now) {
        java.time.Instant issued = java.time.Instant.ofEpochMilli(issuedAtMillis);
        return !issued.isBefore(now.minus(window)) && !issued.isAfter(now.plus(window));
    }

    public Sha256 digest() {
        return new CanonicalWriter(200).str("shoal-receipt/1").str(receiptId).digest(contentId).digest(segment)
                .u64(bytes).str(viewerSession).u64(issuedAtMillis).raw(agent.bytes()).sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.RECEIPT, digest());
    }
}
