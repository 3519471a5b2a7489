package dev.shoal.agent.serving;

import dev.shoal.contracts.hash.Sha256;

/**
 * Told of each segment response sent in full, with the bytes it carried: how a relay agent measures what it uploads for
 * the live rooms it relays (docs/live.md, "Relay agents"). Runs on the event loop: no blocking.
 */
public interface SegmentServed {

    void served(Sha256 segment, long bytes);
}
