package dev.shoal.gateway.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The peers sharing one info_hash of one content. Not thread-safe: {@link Swarms} guards it. Peers sit in a list
 * (with an index by peer_id) so that picking k random peers and removing one both cost O(k) and O(1).
 *
 * @param <S> the connection a peer is bound to
 */
final class Swarm<S> {

    static final class Peer<S> {
        final String peerId;
        final S socket;
        boolean complete;
        long lastAnnounce;

        Peer(String peerId, S socket, boolean complete, long lastAnnounce) {
            this.peerId = peerId;
            this.socket = socket;
            this.complete = complete;
            this.lastAnnounce = lastAnnounce;
        }
    }

    /** {@code downloaded} counts the peers that completed while in this swarm on this instance. */
    record Counts(int complete, int incomplete, int downloaded) {
        static final Counts NONE = new Counts(0, 0, 0);
    }

    private final List<Peer<S>> peers = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private int complete;
    private int downloaded;

    Peer<S> peer(String peerId) {
        Integer at = positions.get(peerId);
        return at == null ? null : peers.get(at);
    }

    Peer<S> join(String peerId, S socket, boolean leftZero, long now) {
        Peer<S> peer = new Peer<>(peerId, socket, leftZero, now);
        positions.put(peerId, peers.size());
        peers.add(peer);
        if (leftZero) {
            complete++;
        }
        return peer;
    }

    /** An announce of a peer already here: it is alive, and may have finished. */
    void refresh(Peer<S> peer, boolean finished, long now) {
        peer.lastAnnounce = now;
        if (finished && !peer.complete) {
            peer.complete = true;
            complete++;
            downloaded++;
        }
    }

    void remove(Peer<S> peer) {
        int at = positions.remove(peer.peerId);
        Peer<S> last = peers.remove(peers.size() - 1);
        if (last != peer) {
            peers.set(at, last);
            positions.put(last.peerId, at);
        }
        if (peer.complete) {
            complete--;
        }
    }

    /** Up to {@code wanted} distinct peers other than {@code self}, chosen at random (a partial shuffle). */
    List<Peer<S>> pick(int wanted, Peer<S> self, RandomGenerator random) {
        List<Peer<S>> out = new ArrayList<>(Math.min(wanted, peers.size()));
        int n = peers.size();
        for (int i = 0; i < n && out.size() < wanted; i++) {
            int j = i + random.nextInt(n - i);
            Peer<S> chosen = peers.get(j);
            if (j != i) {
                Peer<S> displaced = peers.get(i);
                peers.set(i, chosen);
                peers.set(j, displaced);
                positions.put(chosen.peerId, i);
                positions.put(displaced.peerId, j);
            }
            if (chosen != self) {
                out.add(chosen);
            }
        }
        return out;
    }

    List<Peer<S>> silentSince(long cutoff) {
        List<Peer<S>> silent = new ArrayList<>();
        for (Peer<S> peer : peers) {
            if (peer.lastAnnounce - cutoff < 0) {
                silent.add(peer);
            }
        }
        return silent;
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    int size() {
        return peers.size();
    }

    Counts counts() {
        return new Counts(complete, peers.size() - complete, downloaded);
    }
}
