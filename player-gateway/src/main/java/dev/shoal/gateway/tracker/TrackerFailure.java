package dev.shoal.gateway.tracker;

/**
 * A request the tracker refuses; answered with {@code {"failure reason": ...}} plus the request's {@code action}
 * and {@code info_hash} when they were read, so the stock client can tell which swarm it concerns.
 */
final class TrackerFailure extends Exception {

    final Refusal refusal;
    final String action;
    final String infoHash;

    TrackerFailure(Refusal refusal, String reason, String action, String infoHash) {
        super(reason, null, false, false);
        this.refusal = refusal;
        this.action = action;
        this.infoHash = infoHash;
    }
}
