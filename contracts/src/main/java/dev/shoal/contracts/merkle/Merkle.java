package dev.shoal.contracts.merkle;

import dev.shoal.contracts.hash.Sha256;

import java.security.MessageDigest;
import java.util.List;

/**
 * Hashing rules of the retention tree. Leaves are fixed-size chunks of a segment
 * ({@link #CHUNK_SIZE} bytes, the last one shorter):
 * <pre>
 *   leaf   = SHA-256(0x00 || chunk bytes)                                   count 1
 *   parent = SHA-256(0x01 || u64 countL || hashL || u64 countR || hashR)    count countL + countR
 * </pre>
 * The domain bytes keep a leaf from passing as a node. Trees pair nodes left to right, level by level; an odd
 * last node is promoted unchanged. The same rule builds a segment's tree over its chunks, a rendition's over its
 * segments' roots and the content's over its renditions' roots.
 */
public final class Merkle {

    /**
     * 2 KiB: small enough that one sampled chunk with its path (about 27 levels for hours of high-bitrate
     * video) stays near 3 KB, under the 5 KB per-chunk budget; large enough that the tree adds under 10% to hashing.
     */
    public static final int CHUNK_SIZE = 2048;
    /** Deeper paths than this cannot come from any real content (2^64 chunks); rejecting them bounds work. */
    public static final int MAX_PATH_LENGTH = 64;

    private Merkle() {
    }

    public static long chunkCount(long size) {
        return (size + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    public static MerkleNode leaf(MessageDigest md, byte[] data, int offset, int length) {
        md.update((byte) 0);
        md.update(data, offset, length);
        return new MerkleNode(Sha256.finish(md), 1);
    }

    public static MerkleNode parent(MessageDigest md, MerkleNode left, MerkleNode right) {
        long count = Math.addExact(left.count(), right.count());
        // one 81-byte update instead of many small ones: node hashing dominates proof verification
        byte[] node = new byte[1 + 2 * (8 + Sha256.LENGTH)];
        node[0] = 1;
        putLong(node, 1, left.count());
        left.hash().copyInto(node, 9);
        putLong(node, 41, right.count());
        right.hash().copyInto(node, 49);
        md.update(node);
        return new MerkleNode(Sha256.finish(md), count);
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /** Root of the chunk tree of {@code length} bytes (at least one). */
    public static MerkleNode chunkRoot(MessageDigest md, byte[] data, int offset, int length) {
        int n = (int) chunkCount(length);
        if (n == 0) {
            throw new IllegalArgumentException("an empty segment has no chunks");
        }
        MerkleNode[] level = new MerkleNode[n];
        for (int i = 0; i < n; i++) {
            int off = offset + i * CHUNK_SIZE;
            level[i] = leaf(md, data, off, Math.min(CHUNK_SIZE, offset + length - off));
        }
        return reduce(md, level, n);
    }

    /** Root of a tree over the given nodes (at least one). */
    public static MerkleNode root(List<MerkleNode> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one node");
        }
        MerkleNode[] level = nodes.toArray(MerkleNode[]::new);
        return reduce(Sha256.newDigest(), level, level.length);
    }

    private static MerkleNode reduce(MessageDigest md, MerkleNode[] level, int n) {
        while (n > 1) {
            int m = 0;
            for (int i = 0; i < n; i += 2) {
                level[m++] = i + 1 < n ? parent(md, level[i], level[i + 1]) : level[i];
            }
            n = m;
        }
        return level[0];
    }

    /**
     * Folds a path up from a leaf: returns the node reached, and stores in {@code position[0]} the leaf's
     * position among all chunks under that node (the sum of the counts of left siblings).
     */
    public static MerkleNode fold(MessageDigest md, MerkleNode leaf, List<PathStep> path, long[] position) {
        MerkleNode node = leaf;
        long pos = 0;
        for (PathStep step : path) {
            if (step.siblingOnLeft()) {
                pos = Math.addExact(pos, step.sibling().count());
                node = parent(md, step.sibling(), node);
            } else {
                node = parent(md, node, step.sibling());
            }
        }
        position[0] = pos;
        return node;
    }
}
