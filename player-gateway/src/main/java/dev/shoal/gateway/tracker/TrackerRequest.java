package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What a peer may ask of the tracker, once parsed and validated. Ids are {@link BinaryId} strings. */
sealed interface TrackerRequest {

    enum Event { STARTED, STOPPED, COMPLETED, UPDATE, PAUSED }

    /** An offer to be forwarded to one other peer: the WebRTC description as sent, and its id. */
    record Offer(JsonNode offer, String offerId) {
    }

    /**
     * {@code left == 0} makes the peer a seeder ({@code complete}); {@code numwant} caps the offers forwarded
     * (absent: all of them).
     */
    record Announce(String infoHash, String peerId, Event event, boolean leftZero, int numwant, List<Offer> offers)
            implements TrackerRequest {
    }

    /** A peer's answer to an offer it received, for the peer that made the offer. */
    record Answer(String infoHash, String peerId, String toPeerId, JsonNode answer, String offerId) implements TrackerRequest {
    }

    /** Counts for these swarms; none listed means every swarm of the connection's content. */
    record Scrape(List<String> infoHashes) implements TrackerRequest {
    }
}
