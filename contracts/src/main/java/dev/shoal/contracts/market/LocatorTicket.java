package dev.shoal.contracts.market;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.merkle.MerkleTree;
import dev.shoal.contracts.merkle.PathStep;
import dev.shoal.contracts.proof.Nonce;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A locator's signed word that it pointed a viewer at the sources of one content: the player keeps it and
 * hands it in with a tip, which credits the locator's share to {@code locator}. Short-lived; the nonce
 * makes each ticket distinct so a gateway can refuse a replay.
 *
 * <p>Version 1 carries a signature over its own digest. Version 2 is signed in a batch: the locator builds a Merkle
 * tree (the content model's rules, {@link Merkle}) over the digests of the tickets it issues at once, signs the root
 * once, and each ticket carries its path to that root in {@code batch}. One signature then serves every request that
 * arrived while the last one was being made, so a busy locator signs a few hundred times a second, not once per
 * viewer; a ticket alone (a batch of one) has an empty path and its root is its digest. Readers accept both.
 *
 * @param locator   the locator's address (0x-hex), which signs the ticket
 * @param contentId the content (64 hex digits)
 * @param nonce     32 random bytes, hex
 * @param batch     version 2: the path from this ticket's digest to the signed root, leaf upwards (empty for a batch
 *                  of one); absent in version 1
 * @param signature version 1: over the ticket's digest; version 2: over the batch's root
 */
public record LocatorTicket(int version, String locator, String contentId, long issuedAtMillis, long expiresAtMillis,
                            String nonce, @JsonInclude(JsonInclude.Include.NON_NULL) List<BatchStep> batch, String signature) {

    /** Signed one at a time, over the ticket's own digest. */
    public static final int SINGLE = 1;
    /** Signed in a batch, over a Merkle root of the batch's digests. */
    public static final int BATCHED = 2;
    /** Far more tickets than any batch holds (2^24); a longer path cannot be genuine, and refusing it bounds the work. */
    public static final int MAX_BATCH_DEPTH = 24;

    /**
     * One level of the path from a ticket to its batch's root: the sibling's hash and how many tickets it covers, and
     * whether it sits on the left.
     */
    public record BatchStep(boolean left, long count, String hash) {
    }

    /** A version-2 ticket for {@code contentId}, not yet signed: hand it to {@link #signBatch}. */
    public static LocatorTicket unsigned(Address locator, String contentId, Duration lifetime, Clock clock) {
        long now = clock.millis();
        return new LocatorTicket(BATCHED, locator.toString(), Sha256.fromHex(contentId).hex(), now, now + lifetime.toMillis(),
                Nonce.random().hex(), null, null);
    }

    /** Signs every ticket of {@code unsigned} (version 2, unsigned) with one signature over their Merkle root. */
    public static List<LocatorTicket> signBatch(SigningKey key, List<LocatorTicket> unsigned) {
        if (unsigned.isEmpty()) {
            return List.of();
        }
        List<MerkleNode> leaves = new ArrayList<>(unsigned.size());
        for (LocatorTicket t : unsigned) {
            if (t.version != BATCHED || t.signature != null || !t.locator.equalsIgnoreCase(key.address().toString())) {
                throw new IllegalArgumentException("only unsigned version-2 tickets of this key's locator are signed in a batch");
            }
            leaves.add(new MerkleNode(t.digest(), 1));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        String sig = key.sign(MarketSignatures.text(MarketSignatures.LOCATOR_TICKET_BATCH, tree.root().hash())).hex();
        List<LocatorTicket> signed = new ArrayList<>(unsigned.size());
        for (int i = 0; i < unsigned.size(); i++) {
            LocatorTicket t = unsigned.get(i);
            List<BatchStep> path = tree.path(i).stream()
                    .map(s -> new BatchStep(s.siblingOnLeft(), s.sibling().count(), s.sibling().hash().hex())).toList();
            signed.add(new LocatorTicket(BATCHED, t.locator, t.contentId, t.issuedAtMillis, t.expiresAtMillis, t.nonce, path, sig));
        }
        return signed;
    }

    /** One ticket signed at once (a batch of one). */
    public static LocatorTicket issue(SigningKey key, String contentId, Duration lifetime, Clock clock) {
        return signBatch(key, List.of(unsigned(key.address(), contentId, lifetime, clock))).get(0);
    }

    public Sha256 digest() {
        return new CanonicalWriter(160).str("shoal-locator-ticket/1").u32(version).raw(Address.parse(locator).bytes())
                .digest(Sha256.fromHex(contentId)).u64(issuedAtMillis).u64(expiresAtMillis).raw(Nonce.fromHex(nonce).bytes())
                .sha256();
    }

    /** The locator's address once the signature is shown to be its own. Freshness and replay are the caller's to check. */
    public Address verify() {
        return switch (version) {
            case SINGLE -> MarketSignatures.verify(MarketSignatures.LOCATOR_TICKET, digest(), locator, signature);
            case BATCHED -> MarketSignatures.verify(MarketSignatures.LOCATOR_TICKET_BATCH, batchRoot(), locator, signature);
            default -> throw new ContentException.MalformedValue("unknown locator ticket version " + version);
        };
    }

    private Sha256 batchRoot() {
        if (batch == null) {
            throw new ContentException.MalformedValue("a version-2 locator ticket carries its batch path");
        }
        if (batch.size() > MAX_BATCH_DEPTH) {
            throw new ContentException.MalformedValue("a batch path of " + batch.size() + " levels (at most " + MAX_BATCH_DEPTH + ")");
        }
        List<PathStep> path = new ArrayList<>(batch.size());
        for (BatchStep step : batch) {
            if (step == null || step.hash == null || step.count < 1) {
                throw new ContentException.MalformedValue("a batch path step needs a hash and a count of at least 1");
            }
            path.add(new PathStep(step.left, new MerkleNode(Sha256.fromHex(step.hash), step.count)));
        }
        return Merkle.fold(Sha256.newDigest(), new MerkleNode(digest(), 1), path, new long[1]).hash();
    }

    public boolean expiredAt(long millis) {
        return millis >= expiresAtMillis;
    }
}
