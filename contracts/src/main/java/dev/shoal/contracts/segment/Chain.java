package dev.shoal.contracts.segment;

import dev.shoal.contracts.hash.Sha256;

import java.security.MessageDigest;

/** Chain links: {@code link(i) = SHA-256(link(i-1) || sha256(segment i))}, with link(-1) = 32 zero bytes. */
public final class Chain {

    public static final Sha256 GENESIS = Sha256.ZERO;

    private Chain() {
    }

    public static Sha256 link(Sha256 previous, Sha256 segmentSha256) {
        MessageDigest md = Sha256.newDigest();
        previous.updateInto(md);
        segmentSha256.updateInto(md);
        return Sha256.finish(md);
    }
}
