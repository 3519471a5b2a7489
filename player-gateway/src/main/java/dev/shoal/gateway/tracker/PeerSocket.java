package dev.shoal.gateway.tracker;

/** One browser's connection to the tracker of one content, as the protocol sees it. */
abstract class PeerSocket {

    private final String contentId;
    private final String ip;
    private int invalidMessages;

    PeerSocket(String contentId, String ip) {
        this.contentId = contentId;
        this.ip = ip;
    }

    String contentId() {
        return contentId;
    }

    String ip() {
        return ip;
    }

    /** Counts a malformed message; returns the count so far. Called on the connection's own thread only. */
    int invalid() {
        return ++invalidMessages;
    }

    /** Queues a text message; false when it was dropped (closed, or the client does not keep up). */
    abstract boolean send(String text);

    abstract void close(String reason);
}
