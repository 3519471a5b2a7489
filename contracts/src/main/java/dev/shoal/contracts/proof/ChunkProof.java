package dev.shoal.contracts.proof;

import dev.shoal.contracts.merkle.PathStep;

import java.util.List;

/**
 * One sampled chunk and its Merkle path to the content's retention root.
 *
 * @param chunkIndex position among all chunks of the content (renditions, then init and media segments, in order)
 */
public record ChunkProof(long chunkIndex, byte[] chunk, List<PathStep> path) {

    public ChunkProof {
        path = List.copyOf(path);
    }
}
