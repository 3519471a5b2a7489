package dev.shoal.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.RelayClaim;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A room's relay agents (docs/live.md, "Relay agents"): each claims the room with a message its own key signed, fresh and
 * newer than its last, and sends it again as its heartbeat with its load and what it holds; one that misses its
 * heartbeat for {@link #STALE} is no source any more. Its load is what it measured it uploads over its uplink's capacity
 * (a version 2 claim; version 1 reported only the rooms it relays). When the room's creator chose its relays ({@link ChosenRelays}),
 * only those are taken, ranked and listed to the origin.
 */
@ApplicationScoped
public class LiveRelays {

    /** A claim signed further than this from the gateway's clock, either way, is refused as stale. */
    public static final Duration FRESH = Duration.ofSeconds(30);
    /** A relay not heard for this long is no longer named (relays send their claim every 2 s). */
    public static final Duration STALE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a relay learns from its claim: where to fetch (the origin, shielded or not, and the room's other relays).
     *
     * @param origin the origin's URL, for relays only: the room API names it only when the room does not shield it
     */
    public record Claimed(String room, String agent, String origin, boolean shielded, List<LiveSources.Source> relays) {
    }

    /** What the origin asks: is the room shielded, and whose signed requests may it serve. */
    public record Relays(String room, boolean shielded, List<String> agents) {
    }

    private final LiveRoomRepository rooms;
    private final LiveRelayRepository relays;
    private final LiveRenditionRepository renditions;
    private final Clock clock;

    public LiveRelays(LiveRoomRepository rooms, LiveRelayRepository relays, LiveRenditionRepository renditions, Clock clock) {
        this.rooms = rooms;
        this.relays = relays;
        this.renditions = renditions;
        this.clock = clock;
    }

    /**
     * Checks a claim before anything is read or stored: the message (the room named, an http(s) URL), the agent's
     * signature, the time; the reason, or null.
     */
    static Address verify(UUID id, RelayClaim claim, long nowMillis) {
        if (claim == null || !id.toString().equals(claim.room())) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the relay claim must name this room");
        }
        return verifiedRelay(claim::verify, claim.relayUrl(), claim.claimedAtMillis(), nowMillis, "claim");
    }

    /**
     * What a relay agent signs (a claim, an offer), checked the one way: its signature (the agent it names), an http(s)
     * URL, signed within {@link #FRESH} of the gateway's clock; the agent, or the problem.
     *
     * @param what "claim", "offer": how the refusals name the message
     */
    static Address verifiedRelay(java.util.function.Supplier<Address> verify, String relayUrl, long signedAtMillis, long nowMillis,
                                 String what) {
        Address agent;
        try {
            agent = verify.get();
            URI url = URI.create(relayUrl);
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "relayUrl must be an http(s) URL");
            }
        } catch (ContentException.SignatureMismatch | ContentException.SignatureMalformed e) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage());
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "not a valid relay " + what + ": " + e.getMessage());
        }
        if (Math.abs(nowMillis - signedAtMillis) > FRESH.toMillis()) {
            throw new ProblemException(ProblemType.REPLAYED, "the relay " + what + " was signed " + (nowMillis - signedAtMillis)
                    + " ms before the gateway's clock; " + ("offer".equals(what) ? "an " : "a ") + what + " is taken within "
                    + FRESH.toSeconds() + " s either way");
        }
        return agent;
    }

    @WithTransaction
    public Uni<Claimed> claim(UUID id, RelayClaim claim) {
        Address agent;
        try {
            agent = verify(id, claim, clock.millis());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return rooms.locked(id).chain(room -> {
            if (room == null) {
                throw new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + id);
            }
            if (room.state == RoomState.ENDED) {
                throw new ProblemException(ProblemType.ROOM_ENDED, "room " + id + " has ended");
            }
            List<String> chosen = ChosenRelays.of(room.chosenRelays);
            if (!ChosenRelays.admits(chosen, agent.toString())) {
                // before anything is stored: an agent the creator did not choose never learns the origin's URL
                throw new ProblemException(ProblemType.RELAY_NOT_CHOSEN, "room " + id + " is relayed by the agents its creator"
                        + " chose (" + String.join(", ", chosen) + "), not by " + agent);
            }
            return relays.findById(new LiveRelay.Key(id, agent.toString())).chain(row -> {
                if (row != null && claim.claimedAtMillis() <= row.claimedAtMillis) {
                    throw new ProblemException(ProblemType.REPLAYED, "relay " + agent + " already claimed room " + id
                            + " at " + row.claimedAtMillis + "; a claim must be newer than the last");
                }
                LiveRelay r = fill(row != null ? row : new LiveRelay(), id, agent.toString(), claim);
                r.heardAt = now();
                Uni<LiveRelay> saved = row != null ? Uni.createFrom().item(r) : relays.persist(r);
                return saved.chain(() -> sources(room)).map(ranked -> new Claimed(id.toString(), agent.toString(), room.originUrl,
                        room.shielded, ranked.stream().filter(s -> LiveSources.RELAY.equals(s.kind())).toList()));
            });
        });
    }

    /** The relay's row as its claim (checked) describes it: version 1 claims carry no measured upload, so neither does the row. */
    static LiveRelay fill(LiveRelay r, UUID room, String agent, RelayClaim claim) {
        r.roomId = room;
        r.agent = agent;
        r.relayUrl = claim.relayUrl().replaceAll("/+$", "");
        r.claimedAtMillis = claim.claimedAtMillis();
        r.load = claim.load();
        r.lagMillis = claim.lagMillis();
        r.uploadBytesPerSecond = claim.uploadBytesPerSecond();
        r.uplinkBytesPerSecond = claim.uplinkBytesPerSecond();
        try {
            r.held = JSON.writeValueAsString(new TreeMap<>(claim.held()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    @WithSession
    public Uni<Relays> relaysOf(UUID id) {
        return rooms.findById(id).chain(room -> {
            if (room == null) {
                throw new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + id);
            }
            return relays.live(id, now().minus(STALE)).map(list -> new Relays(id.toString(), room.shielded,
                    ChosenRelays.admitted(ChosenRelays.of(room.chosenRelays), list).stream().map(r -> r.agent).toList()));
        });
    }

    /** The room's sources, ranked (in a session). */
    Uni<List<LiveSources.Source>> sources(LiveRoom room) {
        return renditions.ofRoom(room.roomId).chain(rs -> relays.live(room.roomId, now().minus(STALE)).map(list -> {
            Map<String, Long> newest = new TreeMap<>();
            rs.forEach(r -> newest.put(r.name, r.lastIndex));
            return LiveSources.rank(room.originUrl, room.shielded, newest, ChosenRelays.admitted(ChosenRelays.of(room.chosenRelays), list)
                    .stream().map(LiveSources.Relay::of).toList());
        }));
    }

    /** The claims of every agent but the chosen ones forgotten (within the caller's transaction): how many. */
    Uni<Long> forgetAllBut(UUID room, List<String> chosen) {
        return relays.delete("roomId = ?1 and agent not in ?2", room, chosen);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
