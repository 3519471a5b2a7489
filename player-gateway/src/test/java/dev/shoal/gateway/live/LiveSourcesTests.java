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

    private static LiveSources.Relay relay(String name, int load, long lag, long hi, long lo) {
        return new LiveSources.Relay("0x" + name, "http://" + name, load, lag, Map.of("hi", hi, "lo", lo));
    }

    private static List<String> urls(List<LiveSources.Source> ranked) {
        return ranked.stream().map(LiveSources.Source::url).toList();
    }

    @Test
    void closestToTheLiveEdgeFirstThenByLoad() {
        List<LiveSources.Source> ranked = LiveSources.rank("http://origin", false, NEWEST, List.of(
                relay("behind", 0, 10, 9, 9),
                relay("busy", 5, 100, 10, 10),
                relay("idle", 1, 100, 10, 10),
                relay("quick", 9, 20, 10, 10)));
        // the origin holds each segment the moment it is announced: at the edge, no lag
        assertThat(urls(ranked)).containsExactly("http://origin", "http://quick", "http://idle", "http://busy", "http://behind");
        assertThat(ranked.get(4).behind()).isEqualTo(2);
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
                Map.of(), good.signature());
        assertProblem(() -> LiveRelays.verify(room, forged, now), ProblemType.SIGNATURE_INVALID);
        RelayClaim notHttp = RelayClaim.sign(key, room.toString(), "file:///etc/passwd", now, 0, 0, Map.of());
        assertProblem(() -> LiveRelays.verify(room, notHttp, now), ProblemType.INVALID_REQUEST);
        assertProblem(() -> LiveRelays.verify(room, null, now), ProblemType.INVALID_REQUEST);
    }

    private static void assertProblem(Runnable call, ProblemType type) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(type));
    }
}
