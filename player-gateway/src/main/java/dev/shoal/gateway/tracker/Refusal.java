package dev.shoal.gateway.tracker;

/**
 * Why the tracker refused a connection or a message. The tag is the {@code reason} of the refusals metric and
 * never changes; the text sent to the client may.
 */
enum Refusal {
    UNKNOWN_CONTENT("unknown-content"),
    CATALOG_UNAVAILABLE("catalog-unavailable"),
    TOO_MANY_SOCKETS("too-many-sockets"),
    RATE_LIMITED("rate-limited"),
    INVALID_MESSAGE("invalid-message"),
    OVERSIZE_MESSAGE("oversize-message"),
    PEER_ID_TAKEN("peer-id-taken"),
    TOO_MANY_SWARMS("too-many-swarms");

    final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }
}
