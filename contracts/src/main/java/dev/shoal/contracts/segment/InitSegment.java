package dev.shoal.contracts.segment;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;

/** The fMP4 initialization segment (#EXT-X-MAP) of a rendition; stored and proven like any segment. */
public record InitSegment(long size, Sha256 sha256, Sha256 chunkRoot) {

    public InitSegment {
        if (size < 1 || sha256 == null || chunkRoot == null) {
            throw new IllegalArgumentException("invalid init segment");
        }
    }

    public MerkleNode retentionNode() {
        return new MerkleNode(chunkRoot, Merkle.chunkCount(size));
    }
}
