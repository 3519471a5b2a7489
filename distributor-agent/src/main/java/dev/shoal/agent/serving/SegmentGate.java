package dev.shoal.agent.serving;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.problem.ProblemException;

/**
 * Decides, before a segment is served, whether this request may have it: a shielded live origin serves its room's
 * segments only to the room's relay agents (docs/live.md, "Shielded origin"). Runs on the event loop: no blocking.
 */
public interface SegmentGate {

    /**
     * @param header the request's {@code Shoal-Relay} header, or null
     * @throws ProblemException the request may not have the segment (403 forbidden)
     */
    void admit(Sha256 segment, String header);
}
