package dev.shoal.gateway.tracker;

import dev.shoal.gateway.tracker.Swarm.Counts;
import dev.shoal.gateway.tracker.Swarm.Peer;
import dev.shoal.gateway.tracker.TrackerRequest.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Every swarm this gateway instance tracks, by content then info_hash, and which swarms each connection is in
 * (so a closed connection leaves all of them). One lock for all: each operation is a few map lookups plus
 * O(offers), far below the cost of the messages around it; sends happen after the lock is released.
 *
 * @param <S> a connection; compared by identity
 */
final class Swarms<S> {

    /** The announcer's swarm counts, and the peers its offers go to (offer i to recipient i). */
    record Announced<S>(Counts counts, List<S> recipients) {
    }

    private record Membership(String contentId, String infoHash, String peerId) {
    }

    private final Map<String, Map<String, Swarm<S>>> byContent = new HashMap<>();
    private final Map<S, Set<Membership>> bySocket = new IdentityHashMap<>();
    private final int maxSwarmsPerSocket;
    private final RandomGenerator random;
    private volatile int swarmCount;
    private volatile int peerCount;

    Swarms(int maxSwarmsPerSocket, RandomGenerator random) {
        this.maxSwarmsPerSocket = maxSwarmsPerSocket;
        this.random = random;
    }

    synchronized Announced<S> announce(S socket, String contentId, String infoHash, String peerId, Event event,
                                       boolean leftZero, int offers, long now) throws TrackerFailure {
        Swarm<S> swarm = swarm(contentId, infoHash);
        Peer<S> peer = swarm == null ? null : swarm.peer(peerId);
        if (peer != null && peer.socket != socket) {
            throw new TrackerFailure(Refusal.PEER_ID_TAKEN, "peer_id is in use by another connection", "announce", infoHash);
        }
        if (event == Event.STOPPED) {
            if (peer != null) {
                leave(contentId, infoHash, swarm, peer);
            }
            return new Announced<>(swarm == null ? Counts.NONE : swarm.counts(), List.of());
        }
        if (peer == null) {
            swarm = join(socket, contentId, infoHash, peerId);
            peer = swarm.join(peerId, socket, leftZero, now);
            peerCount++;
        } else {
            swarm.refresh(peer, leftZero || event == Event.COMPLETED, now);
        }
        List<S> recipients = new ArrayList<>();
        for (Peer<S> other : swarm.pick(offers, peer, random)) {
            recipients.add(other.socket);
        }
        return new Announced<>(swarm.counts(), recipients);
    }

    /**
     * An answer also counts as an announce of its sender (as in the reference); returns the connection of the peer
     * the answer is for, or null when that peer is not in the swarm.
     */
    synchronized S answer(S socket, String contentId, String infoHash, String peerId, String toPeerId, long now)
            throws TrackerFailure {
        announce(socket, contentId, infoHash, peerId, Event.UPDATE, false, 0, now);
        Peer<S> to = swarm(contentId, infoHash).peer(toPeerId);
        return to == null ? null : to.socket;
    }

    /** Counts per info_hash asked for; none asked for means every swarm of the content. */
    synchronized Map<String, Counts> scrape(String contentId, List<String> infoHashes) {
        Map<String, Counts> out = new LinkedHashMap<>();
        if (infoHashes.isEmpty()) {
            byContent.getOrDefault(contentId, Map.of()).forEach((hash, swarm) -> out.put(hash, swarm.counts()));
            return out;
        }
        for (String hash : infoHashes) {
            Swarm<S> swarm = swarm(contentId, hash);
            out.put(hash, swarm == null ? Counts.NONE : swarm.counts());
        }
        return out;
    }

    /** A connection closed: its peers leave every swarm they were in. */
    synchronized void leave(S socket) {
        Set<Membership> memberships = bySocket.remove(socket);
        if (memberships == null) {
            return;
        }
        for (Membership m : memberships) {
            Swarm<S> swarm = swarm(m.contentId, m.infoHash);
            Peer<S> peer = swarm == null ? null : swarm.peer(m.peerId);
            if (peer != null && peer.socket == socket) {
                removePeer(m.contentId, m.infoHash, swarm, peer);
            }
        }
    }

    /** Drops peers whose last announce is older than {@code cutoff} (same clock as {@code now}); returns how many. */
    synchronized int sweep(long cutoff) {
        int dropped = 0;
        for (Map.Entry<String, Map<String, Swarm<S>>> content : List.copyOf(byContent.entrySet())) {
            for (Map.Entry<String, Swarm<S>> entry : List.copyOf(content.getValue().entrySet())) {
                for (Peer<S> peer : entry.getValue().silentSince(cutoff)) {
                    leave(content.getKey(), entry.getKey(), entry.getValue(), peer);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    int swarmCount() {
        return swarmCount;
    }

    /** Peers announced in any swarm of this content (a peer in several of its streams counts once per stream). */
    synchronized int peersOf(String contentId) {
        return byContent.getOrDefault(contentId, Map.of()).values().stream().mapToInt(Swarm::size).max().orElse(0);
    }

    int peerCount() {
        return peerCount;
    }

    private Swarm<S> swarm(String contentId, String infoHash) {
        Map<String, Swarm<S>> swarms = byContent.get(contentId);
        return swarms == null ? null : swarms.get(infoHash);
    }

    private Swarm<S> join(S socket, String contentId, String infoHash, String peerId) throws TrackerFailure {
        Set<Membership> memberships = bySocket.computeIfAbsent(socket, s -> new HashSet<>());
        if (memberships.size() >= maxSwarmsPerSocket) {
            if (memberships.isEmpty()) {
                bySocket.remove(socket);
            }
            throw new TrackerFailure(Refusal.TOO_MANY_SWARMS,
                    "this connection is already in " + maxSwarmsPerSocket + " swarms", "announce", infoHash);
        }
        memberships.add(new Membership(contentId, infoHash, peerId));
        return byContent.computeIfAbsent(contentId, c -> new HashMap<>()).computeIfAbsent(infoHash, h -> {
            swarmCount++;
            return new Swarm<>();
        });
    }

    private void leave(String contentId, String infoHash, Swarm<S> swarm, Peer<S> peer) {
        Set<Membership> memberships = bySocket.get(peer.socket);
        if (memberships != null) {
            memberships.remove(new Membership(contentId, infoHash, peer.peerId));
            if (memberships.isEmpty()) {
                bySocket.remove(peer.socket);
            }
        }
        removePeer(contentId, infoHash, swarm, peer);
    }

    private void removePeer(String contentId, String infoHash, Swarm<S> swarm, Peer<S> peer) {
        swarm.remove(peer);
        peerCount--;
        if (swarm.isEmpty()) {
            Map<String, Swarm<S>> swarms = byContent.get(contentId);
            swarms.remove(infoHash);
            swarmCount--;
            if (swarms.isEmpty()) {
                byContent.remove(contentId);
            }
        }
    }
}
