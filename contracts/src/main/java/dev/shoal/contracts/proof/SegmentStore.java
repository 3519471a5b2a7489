package dev.shoal.contracts.proof;

import dev.shoal.contracts.hash.Sha256;

/** Where an agent keeps segments, by the SHA-256 of their bytes. */
@FunctionalInterface
public interface SegmentStore {

    /** The segment's bytes, or null when this store does not hold it. */
    byte[] read(Sha256 sha256);
}
