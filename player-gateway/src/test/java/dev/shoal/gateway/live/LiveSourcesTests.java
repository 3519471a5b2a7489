package dev.shoal.gateway.live;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.RelayClaim;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ranking of a live room's sources and the checks of a relay's claim, without a database. */
class LiveSourcesTests {

    private static final Map<String, Long> NEWEST = Map.of("hi", 10L, "lo", 10L);

    /** A relay whose claim reported no measured upload (version 1): ranked by the rooms it relays. */
    private static LiveSources.Relay relay(String name, int rooms, long lag, long hi, long lo) {
        return new LiveSources.Relay("0x" + name, "http://" + name, rooms, lag, Map.of("hi", hi, "lo", lo), null, null);
    }

    /** A relay at the live edge that measured its upload (bytes per second) over its uplink's capacity. */
    private static LiveSources.Relay measured(String name, int rooms, long lag, long upload, long uplink) {
        return new LiveSources.Relay("0x" + name, "http://" + name, rooms, lag, Map.of("hi", 10L, "lo", 10L), upload, uplink);
    }

    private static List<String> urls(List<LiveSources.Source> ranked) {
        return ranked.stream().map(LiveSources.Source::url).toList();
    }

    @Test
    void closestToTheLiveEdgeFirstThenByMeasuredLoad() {
        List<LiveSources.Source> ranked = LiveSources.rank("http://origin", false, NEWEST, List.of(
                new LiveSources.Relay("0xbehind", "http://behind", 0, 10, Map.of("hi", 9L, "lo", 9L), 0L, 2_500_000L),
                measured("busy", 1, 100, 1_500_000, 2_500_000),
                measured("idle", 5, 900, 100_000, 2_500_000),
                measured("late", 0, 1_500, 0, 2_500_000),
                relay("old", 0, 20, 10, 10)));
        // within the same second of lag, the less loaded first; a relay that measured nothing (version 1) and the origin,
        // whose loads are unknown, after those that measured theirs; a second later, later; behind the edge, last
        assertThat(urls(ranked)).containsExactly("http://idle", "http://busy", "http://old", "http://origin", "http://late",
                "http://behind");
        assertThat(ranked.get(5).behind()).isEqualTo(2);
        assertThat(ranked.get(0).load()).isEqualTo(0.04);
        assertThat(ranked.get(0).uploadBytesPerSecond()).isEqualTo(100_000);
        assertThat(ranked.get(0).uplinkBytesPerSecond()).isEqualTo(2_500_000);
        assertThat(ranked.get(0).rooms()).isEqualTo(5);
        assertThat(ranked.get(2).load()).isNull();
        assertThat(ranked.get(3).load()).isNull();
    }

    @Test
    void theBusierRelayByMeasuredUploadRanksSecondThoughItRelaysFewerRooms() {
        // A serves 50 viewers of one room, B 2 viewers of each of two rooms: ranked by rooms, A came first
        LiveSources.Relay a = measured("a", 1, 300, 2_000_000, 2_500_000);
        LiveSources.Relay b = measured("b", 2, 200, 80_000, 2_500_000);
        assertThat(urls(LiveSources.rank(null, true, NEWEST, List.of(a, b)))).containsExactly("http://b", "http://a");
        assertThat(urls(LiveSources.rank(null, true, NEWEST, List.of(b, a)))).containsExactly("http://b", "http://a");
        // over its uplink: the same upload is a smaller load on a larger uplink
        LiveSources.Relay fibre = measured("fibre", 1, 300, 2_000_000, 12_500_000);
        assertThat(urls(LiveSources.rank(null, true, NEWEST, List.of(a, fibre)))).containsExactly("http://fibre", "http://a");
        // the pick for a segment both hold follows the ranking
        assertThat(LiveSources.pick(LiveSources.rank(null, true, NEWEST, List.of(a, b)), "hi", 10, 4).orElseThrow().url())
                .isEqualTo("http://b");
    }

    @Test
    void aShieldedOriginIsNeverNamed() {
        List<LiveSources.Source> ranked = LiveSources.rank("http://origin", true, NEWEST, List.of(relay("r", 0, 0, 10, 10)));
        assertThat(urls(ranked)).containsExactly("http://r");
        assertThat(LiveSources.rank("http://origin", true, NEWEST, List.of())).isEmpty();
        assertThat(LiveSources.pick(LiveSources.rank("http://origin", true, NEWEST, List.of()), "hi", 10, 4)).isEmpty();
    }

    @Test
    void atMostEightSources() {
        List<LiveSources.Relay> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(relay("r" + i, i, 0, 10, 10));
        }
        List<LiveSources.Source> ranked = LiveSources.rank("http://origin", false, NEWEST, many);
        assertThat(ranked).hasSize(LiveSources.MAX_SOURCES);
        // relays as close to the edge as the origin (no lag) come before it, whose load is unknown
        assertThat(urls(ranked)).startsWith("http://r0", "http://r1").doesNotContain("http://r8", "http://origin");
    }

    @Test
    void theRedirectPicksARelayThatHoldsTheSegmentElseTheOrigin() {
        List<LiveSources.Source> ranked = LiveSources.rank("http://origin", false, NEWEST, List.of(
                relay("ahead", 0, 0, 10, 10), relay("late", 0, 0, 8, 8)));
        assertThat(LiveSources.pick(ranked, "hi", 10, 4).orElseThrow().url()).isEqualTo("http://ahead");
        assertThat(LiveSources.pick(ranked, "hi", 8, 4).orElseThrow().url()).isEqualTo("http://ahead");
        // slid out of every relay's window (it keeps 4: 7..10 and 5..8): only the origin has it
        assertThat(LiveSources.pick(ranked, "hi", 4, 4).orElseThrow().url()).isEqualTo("http://origin");
        // a rendition no relay reported
        assertThat(LiveSources.pick(ranked, "mid", 3, 4).orElseThrow().url()).isEqualTo("http://origin");
        // shielded: nothing else
        List<LiveSources.Source> shielded = LiveSources.rank("http://origin", true, NEWEST, List.of(relay("late", 0, 0, 8, 8)));
        assertThat(LiveSources.pick(shielded, "hi", 10, 4)).isEmpty();
        assertThat(LiveSources.pick(shielded, "hi", 6, 4).orElseThrow().url()).isEqualTo("http://late");
    }

    @Test
    void anInitSegmentGoesToARelayThatHeldASegmentNamingIt() {
        // the init is named by segments 3 to 10 of hi; "late" holds 5..8, "gone" held 0..2 only (a window of 4 from 2)
        List<LiveSources.Source> shielded = LiveSources.rank("http://origin", true, NEWEST, List.of(
                relay("late", 0, 0, 8, 8), relay("gone", 0, 0, 2, 2)));
        assertThat(LiveSources.pick(shielded, "hi", 3, 10, 4).orElseThrow().url()).isEqualTo("http://late");
        // an init named only by segments 0 to 1, which slid out of every relay's window: none may be named yet
        assertThat(LiveSources.pick(List.of(shielded.get(0)), "hi", 0, 1, 4)).isEmpty();
        assertThat(LiveSources.pick(shielded, "hi", 0, 1, 4).orElseThrow().url()).isEqualTo("http://gone");
        // not yet held by anyone: the origin when it may be named
        List<LiveSources.Source> open = LiveSources.rank("http://origin", false, NEWEST, List.of(relay("late", 0, 0, 8, 8)));
        assertThat(LiveSources.pick(open, "hi", 9, 10, 4).orElseThrow().url()).isEqualTo("http://origin");
    }

    @Test
    void aClaimIsTakenOnlySignedByItsAgentFreshAndForThisRoom() {
        UUID room = UUID.randomUUID();
        SigningKey key = SigningKey.generate();
        long now = 1_000_000;
        RelayClaim good = RelayClaim.sign(key, room.toString(), "http://relay:1", now, 0, 0, Map.of());
        assertThat(LiveRelays.verify(room, good, now + 1000)).isEqualTo(key.address());
        assertProblem(() -> LiveRelays.verify(room, good, now + 31_000), ProblemType.REPLAYED);
        assertProblem(() -> LiveRelays.verify(room, good, now - 31_000), ProblemType.REPLAYED);
        assertProblem(() -> LiveRelays.verify(UUID.randomUUID(), good, now), ProblemType.INVALID_REQUEST);
        RelayClaim forged = new RelayClaim(1, room.toString(), SigningKey.generate().address().toString(), "http://relay:1", now, 0, 0,
                Map.of(), good.signature(), null, null);
        assertProblem(() -> LiveRelays.verify(room, forged, now), ProblemType.SIGNATURE_INVALID);
        RelayClaim notHttp = RelayClaim.sign(key, room.toString(), "file:///etc/passwd", now, 0, 0, Map.of());
        assertProblem(() -> LiveRelays.verify(room, notHttp, now), ProblemType.INVALID_REQUEST);
        assertProblem(() -> LiveRelays.verify(room, null, now), ProblemType.INVALID_REQUEST);
    }

    @Test
    void anOldAgentsClaimWithoutMeasurementsIsTakenAsANewOnesIs() throws Exception {
        UUID room = UUID.randomUUID();
        SigningKey key = SigningKey.generate();
        long now = 1_000_000;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        // as an agent before version 2 sends it: no measurement, signed as version 1
        com.fasterxml.jackson.databind.node.ObjectNode old = json.valueToTree(RelayClaim.sign(key, room.toString(), "http://relay:1", now, 2,
                150, Map.of("hi", 7L)));
        assertThat(old.has("uploadBytesPerSecond")).isFalse();
        RelayClaim oldRead = json.treeToValue(old, RelayClaim.class);
        assertThat(LiveRelays.verify(room, oldRead, now)).isEqualTo(key.address());
        assertThat(oldRead.uploadBytesPerSecond()).isNull();
        LiveRelay oldRow = LiveRelays.fill(new LiveRelay(), room, key.address().toString(), oldRead);
        LiveSources.Relay oldRelay = LiveSources.Relay.of(oldRow);
        assertThat(oldRelay.rooms()).isEqualTo(2);
        assertThat(oldRelay.load()).isNull();

        RelayClaim fresh = json.readValue(json.writeValueAsString(RelayClaim.sign(key, room.toString(), "http://relay:1", now + 1, 2, 150,
                Map.of("hi", 7L), 225_000, 2_500_000)), RelayClaim.class);
        assertThat(LiveRelays.verify(room, fresh, now)).isEqualTo(key.address());
        LiveSources.Relay measured = LiveSources.Relay.of(LiveRelays.fill(new LiveRelay(), room, key.address().toString(), fresh));
        assertThat(measured.uploadBytesPerSecond()).isEqualTo(225_000);
        assertThat(measured.uplinkBytesPerSecond()).isEqualTo(2_500_000);
        assertThat(measured.load()).isEqualTo(0.09);

        // a measurement a version 1 claim does not sign, or one version 2 leaves out, is refused, not stored
        old.put("uploadBytesPerSecond", 1);
        assertProblem(() -> LiveRelays.verify(room, treeToClaim(json, old), now), ProblemType.INVALID_REQUEST);
        com.fasterxml.jackson.databind.node.ObjectNode noUplink = json.valueToTree(fresh);
        noUplink.remove("uplinkBytesPerSecond");
        assertProblem(() -> LiveRelays.verify(room, treeToClaim(json, noUplink), now), ProblemType.INVALID_REQUEST);
        // the upload is signed: a claim that says less than its agent measured does not verify
        com.fasterxml.jackson.databind.node.ObjectNode less = json.valueToTree(fresh);
        less.put("uploadBytesPerSecond", 1);
        assertProblem(() -> LiveRelays.verify(room, treeToClaim(json, less), now), ProblemType.SIGNATURE_INVALID);
    }

    private static RelayClaim treeToClaim(com.fasterxml.jackson.databind.ObjectMapper json, com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            return json.treeToValue(tree, RelayClaim.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(Runnable call, ProblemType type) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(type));
    }
}
