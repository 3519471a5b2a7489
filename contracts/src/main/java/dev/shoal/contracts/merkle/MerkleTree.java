package dev.shoal.contracts.merkle;

import dev.shoal.contracts.hash.Sha256;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** A whole tree kept in memory, for the side that must produce paths (an agent answering a challenge). */
public final class MerkleTree {

    private final List<MerkleNode[]> levels;

    private MerkleTree(List<MerkleNode[]> levels) {
        this.levels = levels;
    }

    public static MerkleTree of(List<MerkleNode> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one node");
        }
        MessageDigest md = Sha256.newDigest();
        List<MerkleNode[]> levels = new ArrayList<>();
        MerkleNode[] level = leaves.toArray(MerkleNode[]::new);
        levels.add(level);
        while (level.length > 1) {
            MerkleNode[] up = new MerkleNode[(level.length + 1) / 2];
            for (int i = 0; i < up.length; i++) {
                up[i] = 2 * i + 1 < level.length ? Merkle.parent(md, level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels);
    }

    /** The tree over the chunks of one segment. */
    public static MerkleTree ofChunks(byte[] data) {
        int n = (int) Merkle.chunkCount(data.length);
        MessageDigest md = Sha256.newDigest();
        List<MerkleNode> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int off = i * Merkle.CHUNK_SIZE;
            leaves.add(Merkle.leaf(md, data, off, Math.min(Merkle.CHUNK_SIZE, data.length - off)));
        }
        return of(leaves);
    }

    public MerkleNode root() {
        return levels.get(levels.size() - 1)[0];
    }

    public int leafCount() {
        return levels.get(0).length;
    }

    public MerkleNode leaf(int index) {
        return levels.get(0)[index];
    }

    /** The path from leaf {@code index} up to the root (promoted levels contribute no step). */
    public List<PathStep> path(int index) {
        if (index < 0 || index >= leafCount()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount());
        }
        List<PathStep> path = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            MerkleNode[] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) {
                path.add(new PathStep(sibling < i, level[sibling]));
            }
            i >>= 1;
        }
        return path;
    }
}
