package dev.shoal.agent.fetch;

import dev.shoal.contracts.hash.Sha256;

/**
 * One segment to fetch, as its manifest describes it.
 *
 * @param index position in its rendition; -1 for the rendition's init segment
 */
public record SegmentRef(Sha256 sha256, long size, String rendition, int index, String mediaType) {
}
