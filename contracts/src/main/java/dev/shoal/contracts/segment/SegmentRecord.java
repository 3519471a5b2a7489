package dev.shoal.contracts.segment;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;

/**
 * One media segment of a rendition as the manifest records it.
 *
 * @param index          position in the rendition, from 0
 * @param durationMicros playing time in microseconds (integers keep the encoding canonical)
 * @param size           bytes
 * @param sha256         SHA-256 of the bytes: the segment's address ({@code /segments/{sha256}})
 * @param link           chain link after this segment
 * @param chunkRoot      root of the Merkle tree over the segment's {@link Merkle#CHUNK_SIZE} chunks
 * @param discontinuity  an #EXT-X-DISCONTINUITY precedes this segment
 */
public record SegmentRecord(int index, long durationMicros, long size, Sha256 sha256, Sha256 link,
                            Sha256 chunkRoot, boolean discontinuity) {

    public SegmentRecord {
        if (index < 0 || durationMicros < 0 || size < 1 || sha256 == null || link == null || chunkRoot == null) {
            throw new IllegalArgumentException("invalid segment record #" + index);
        }
    }

    /** The segment's node in its rendition's tree. */
    public MerkleNode retentionNode() {
        return new MerkleNode(chunkRoot, Merkle.chunkCount(size));
    }
}
