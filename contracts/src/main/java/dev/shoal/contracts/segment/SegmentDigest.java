package dev.shoal.contracts.segment;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;

import java.security.MessageDigest;

/**
 * What hashing one segment's bytes yields: its address and its chunk root. Agents call {@link #of(byte[])}
 * before storing or serving bytes received from anyone.
 */
public record SegmentDigest(long size, Sha256 sha256, Sha256 chunkRoot) {

    public static SegmentDigest of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static SegmentDigest of(byte[] data, int offset, int length) {
        MessageDigest md = Sha256.newDigest();
        md.update(data, offset, length);
        Sha256 sha = Sha256.finish(md);
        MerkleNode root = Merkle.chunkRoot(md, data, offset, length);
        return new SegmentDigest(length, sha, root.hash());
    }

    /** True when {@code data} are exactly the bytes of the segment with this address. */
    public static boolean matches(Sha256 expected, byte[] data) {
        return data != null && expected.equals(Sha256.of(data));
    }
}
