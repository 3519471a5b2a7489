package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.gateway.tracker.Swarm.Counts;
import dev.shoal.gateway.tracker.Swarms.Announced;
import dev.shoal.gateway.tracker.TrackerRequest.Announce;
import dev.shoal.gateway.tracker.TrackerRequest.Answer;
import dev.shoal.gateway.tracker.TrackerRequest.Offer;
import dev.shoal.gateway.tracker.TrackerRequest.Scrape;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The WebTorrent tracker protocol of bittorrent-tracker 11.2.3's {@code server.js} ({@code _onWebSocketRequest}):
 * messages in, swarm changes, messages out. Knows nothing of Vert.x; {@link TrackerRoutes} feeds it.
 */
final class TrackerProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrackerConfig config;
    private final Swarms<PeerSocket> swarms;
    private final IpLimiter limiter;
    private final TrackerMetrics metrics;
    private final RequestParser parser = new RequestParser(JSON);
    private final LongSupplier nanoClock;
    private final int intervalSeconds;

    TrackerProtocol(TrackerConfig config, Swarms<PeerSocket> swarms, IpLimiter limiter, TrackerMetrics metrics,
                    LongSupplier nanoClock) {
        this.config = config;
        this.swarms = swarms;
        this.limiter = limiter;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.intervalSeconds = (int) Math.max(1, config.interval().toSeconds());
    }

    /** A connection asks to open; false (and nothing counted) when its address has too many already. */
    boolean open(String ip) {
        if (!limiter.openSocket(ip)) {
            return false;
        }
        metrics.opened();
        return true;
    }

    int peersOf(String contentId) {
        return swarms.peersOf(contentId);
    }

    /** An opened connection closed: its peers leave their swarms at once. */
    void closed(PeerSocket socket) {
        swarms.leave(socket);
        limiter.closeSocket(socket.ip());
        metrics.closed();
    }

    void onMessage(PeerSocket socket, String text) {
        if (!limiter.allowMessage(socket.ip())) {
            fail(socket, new TrackerFailure(Refusal.RATE_LIMITED, "rate limited", null, null));
            return;
        }
        if (utf8Length(text) > config.maxMessageBytes()) {
            invalid(socket, new TrackerFailure(Refusal.OVERSIZE_MESSAGE,
                    "message over " + config.maxMessageBytes() + " bytes", null, null));
            return;
        }
        TrackerRequest request;
        try {
            request = parser.parse(text);
        } catch (TrackerFailure failure) {
            invalid(socket, failure);
            return;
        }
        try {
            switch (request) {
                case Announce a -> announce(socket, a);
                case Answer a -> answer(socket, a);
                case Scrape s -> scrape(socket, s);
            }
        } catch (TrackerFailure failure) {
            fail(socket, failure);
        }
    }

    /** The protocol is JSON text; a binary message counts as malformed. */
    void onBinaryMessage(PeerSocket socket) {
        if (!limiter.allowMessage(socket.ip())) {
            fail(socket, new TrackerFailure(Refusal.RATE_LIMITED, "rate limited", null, null));
            return;
        }
        invalid(socket, new TrackerFailure(Refusal.INVALID_MESSAGE, "binary messages are not part of the protocol", null, null));
    }

    /** Drops the peers that stopped announcing; returns how many. */
    int sweep() {
        long silence = 2 * config.interval().toNanos() + config.slack().toNanos();
        int dropped = swarms.sweep(nanoClock.getAsLong() - silence);
        metrics.swept(dropped);
        return dropped;
    }

    /** Refuses a connection before any message (unknown content, too many connections, catalog down). */
    void refuse(PeerSocket socket, Refusal refusal, String reason) {
        metrics.refused(refusal);
        socket.send(write(failure(reason, null, null)));
        socket.close(reason);
    }

    private void announce(PeerSocket socket, Announce a) throws TrackerFailure {
        int wanted = Math.min(a.offers().size(), Math.min(a.numwant(), config.maxOffers()));
        Announced<PeerSocket> done = swarms.announce(socket, socket.contentId(), a.infoHash(), a.peerId(), a.event(),
                a.leftZero(), wanted, nanoClock.getAsLong());
        metrics.announced();
        ObjectNode reply = JSON.createObjectNode()
                .put("action", "announce")
                .put("interval", intervalSeconds)
                .put("info_hash", a.infoHash())
                .put("complete", done.counts().complete())
                .put("incomplete", done.counts().incomplete());
        socket.send(write(reply));
        List<PeerSocket> recipients = done.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            Offer offer = a.offers().get(i);
            ObjectNode forward = JSON.createObjectNode().put("action", "announce");
            forward.set("offer", offer.offer());
            forward.put("offer_id", offer.offerId()).put("peer_id", a.peerId()).put("info_hash", a.infoHash());
            if (deliver(recipients.get(i), forward)) {
                metrics.offerForwarded();
            }
        }
    }

    /** Forwarded to the peer that made the offer; the sender gets no reply, as with the reference. */
    private void answer(PeerSocket socket, Answer a) throws TrackerFailure {
        PeerSocket to = swarms.answer(socket, socket.contentId(), a.infoHash(), a.peerId(), a.toPeerId(), nanoClock.getAsLong());
        if (to == null) {
            return;
        }
        ObjectNode forward = JSON.createObjectNode().put("action", "announce");
        forward.set("answer", a.answer());
        forward.put("offer_id", a.offerId()).put("peer_id", a.peerId()).put("info_hash", a.infoHash());
        if (deliver(to, forward)) {
            metrics.answerForwarded();
        }
    }

    private void scrape(PeerSocket socket, Scrape s) {
        ObjectNode reply = JSON.createObjectNode().put("action", "scrape");
        ObjectNode files = reply.putObject("files");
        for (Map.Entry<String, Counts> e : swarms.scrape(socket.contentId(), s.infoHashes()).entrySet()) {
            files.putObject(e.getKey())
                    .put("complete", e.getValue().complete())
                    .put("incomplete", e.getValue().incomplete())
                    .put("downloaded", e.getValue().downloaded());
        }
        reply.putObject("flags").put("min_request_interval", intervalSeconds);
        socket.send(write(reply));
    }

    private boolean deliver(PeerSocket to, ObjectNode message) {
        if (to.send(write(message))) {
            return true;
        }
        metrics.dropped();
        return false;
    }

    /** A malformed message: answered, counted against the connection, which closes after too many. */
    private void invalid(PeerSocket socket, TrackerFailure failure) {
        fail(socket, failure);
        if (socket.invalid() >= config.maxInvalidMessages()) {
            socket.close("too many invalid messages");
        }
    }

    private void fail(PeerSocket socket, TrackerFailure failure) {
        metrics.refused(failure.refusal);
        socket.send(write(failure(failure.getMessage(), failure.action, failure.infoHash)));
    }

    private static ObjectNode failure(String reason, String action, String infoHash) {
        ObjectNode out = JSON.createObjectNode();
        if (action != null) {
            out.put("action", action);
        }
        out.put("failure reason", reason);
        if (infoHash != null) {
            out.put("info_hash", infoHash);
        }
        return out;
    }

    private static String write(ObjectNode message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
