package dev.shoal.contracts.merkle;

import dev.shoal.contracts.hash.Sha256;

/**
 * A node of a Merkle sum tree: its hash and the number of chunks beneath it. Committing to counts lets a
 * verifier that holds only the root check the position of a chunk, not just its membership.
 */
public record MerkleNode(Sha256 hash, long count) {

    public MerkleNode {
        if (hash == null || count < 1) {
            throw new IllegalArgumentException("a Merkle node has a hash and at least one chunk");
        }
    }
}
