package dev.shoal.gateway.tracker;

import dev.shoal.gateway.tracker.Swarm.Counts;
import dev.shoal.gateway.tracker.Swarms.Announced;
import dev.shoal.gateway.tracker.TrackerRequest.Event;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwarmsTests {

    private static final String CONTENT = "c".repeat(64);
    private static final String HASH = Ids.named("hash");
    private final Swarms<String> swarms = new Swarms<>(3, new SplittableRandom(7));

    private Announced<String> announce(String socket, String peer, Event event, boolean leftZero, int offers, long now)
            throws TrackerFailure {
        return swarms.announce(socket, CONTENT, HASH, Ids.named(peer), event, leftZero, offers, now);
    }

    @Test
    void countsFollowStartsCompletionsAndStops() throws Exception {
        assertThat(announce("s1", "a", Event.STARTED, false, 0, 0).counts()).isEqualTo(new Counts(0, 1, 0));
        assertThat(announce("s2", "b", Event.STARTED, true, 0, 0).counts()).isEqualTo(new Counts(1, 1, 0));
        assertThat(announce("s1", "a", Event.COMPLETED, true, 0, 0).counts()).isEqualTo(new Counts(2, 0, 1));
        assertThat(announce("s1", "a", Event.UPDATE, false, 0, 0).counts()).as("a seeder stays one").isEqualTo(new Counts(2, 0, 1));
        assertThat(announce("s3", "c", Event.UPDATE, false, 0, 0).counts()).as("an update from a stranger joins it")
                .isEqualTo(new Counts(2, 1, 1));
        assertThat(announce("s2", "b", Event.STOPPED, false, 0, 0).counts()).isEqualTo(new Counts(1, 1, 1));
        assertThat(swarms.peerCount()).isEqualTo(2);
        assertThat(announce("s2", "b", Event.STOPPED, false, 0, 0).counts()).as("stopping twice is harmless")
                .isEqualTo(new Counts(1, 1, 1));
    }

    @Test
    void peersOfAContentCountTheViewersOfItsLargestSwarm() throws Exception {
        assertThat(swarms.peersOf(CONTENT)).isZero();
        announce("s1", "a", Event.STARTED, false, 0, 0);
        announce("s2", "b", Event.STARTED, false, 0, 0);
        swarms.announce("s1", CONTENT, Ids.named("audio"), Ids.named("a"), Event.STARTED, false, 0, 0);
        assertThat(swarms.peersOf(CONTENT)).as("two viewers, one of them in the audio swarm too").isEqualTo(2);
        assertThat(swarms.peersOf("d".repeat(64))).isZero();
        swarms.leave("s2");
        assertThat(swarms.peersOf(CONTENT)).isEqualTo(1);
    }

    @Test
    void offersGoToDistinctOtherPeersChosenAtRandom() throws Exception {
        for (int i = 0; i < 10; i++) {
            announce(("s" + i).intern(), "p" + i, Event.STARTED, false, 0, 0);
        }
        Map<String, Integer> chosen = new HashMap<>();
        for (int round = 0; round < 200; round++) {
            List<String> recipients = announce("s0", "p0", Event.UPDATE, false, 5, 0).recipients();
            assertThat(recipients).hasSize(5).doesNotHaveDuplicates().doesNotContain("s0");
            recipients.forEach(r -> chosen.merge(r, 1, Integer::sum));
        }
        assertThat(chosen.keySet()).as("every other peer is picked sometimes").hasSize(9);
        assertThat(announce("s0", "p0", Event.UPDATE, false, 50, 0).recipients())
                .as("never more than the others").containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
        assertThat(announce("s9", "p9", Event.STOPPED, false, 5, 0).recipients()).as("a leaving peer makes no offers").isEmpty();
    }

    @Test
    void anotherConnectionCannotTakeOverAPeerId() throws Exception {
        announce("s1", "a", Event.STARTED, false, 0, 0);
        assertThatThrownBy(() -> announce("s2", "a", Event.STARTED, false, 0, 0))
                .isInstanceOfSatisfying(TrackerFailure.class, f -> assertThat(f.refusal).isEqualTo(Refusal.PEER_ID_TAKEN));
        assertThatThrownBy(() -> announce("s2", "a", Event.STOPPED, false, 0, 0))
                .isInstanceOfSatisfying(TrackerFailure.class, f -> assertThat(f.refusal).isEqualTo(Refusal.PEER_ID_TAKEN));
        assertThat(swarms.scrape(CONTENT, List.of(HASH))).containsEntry(HASH, new Counts(0, 1, 0));
        swarms.leave("s1");
        assertThat(announce("s2", "a", Event.STARTED, false, 0, 0).counts()).as("free once its connection closed")
                .isEqualTo(new Counts(0, 1, 0));
    }

    @Test
    void aClosedConnectionLeavesEverySwarmItWasIn() throws Exception {
        swarms.announce("s1", CONTENT, Ids.named("video"), Ids.named("a"), Event.STARTED, false, 0, 0);
        swarms.announce("s1", CONTENT, Ids.named("audio"), Ids.named("a2"), Event.STARTED, false, 0, 0);
        swarms.announce("s2", CONTENT, Ids.named("video"), Ids.named("b"), Event.STARTED, false, 0, 0);

        swarms.leave("s1");

        assertThat(swarms.scrape(CONTENT, List.of())).containsOnlyKeys(Ids.named("video"))
                .containsEntry(Ids.named("video"), new Counts(0, 1, 0));
        assertThat(swarms.swarmCount()).isEqualTo(1);
        assertThat(swarms.peerCount()).isEqualTo(1);
        swarms.leave("s2");
        assertThat(swarms.swarmCount()).isZero();
        assertThat(swarms.scrape(CONTENT, List.of(Ids.named("video")))).containsEntry(Ids.named("video"), Counts.NONE);
    }

    @Test
    void swarmsArePerContent() throws Exception {
        swarms.announce("s1", CONTENT, HASH, Ids.named("a"), Event.STARTED, false, 0, 0);
        Announced<String> other = swarms.announce("s2", "d".repeat(64), HASH, Ids.named("b"), Event.STARTED, false, 5, 0);

        assertThat(other.recipients()).as("same info_hash, other content: not the same swarm").isEmpty();
        assertThat(other.counts()).isEqualTo(new Counts(0, 1, 0));
        assertThat(swarms.scrape(CONTENT, List.of())).containsOnlyKeys(HASH).containsEntry(HASH, new Counts(0, 1, 0));
    }

    @Test
    void silentPeersAreSweptAndAnnouncingKeepsThemIn() throws Exception {
        announce("s1", "a", Event.STARTED, false, 0, 100);
        announce("s2", "b", Event.STARTED, false, 0, 100);
        announce("s1", "a", Event.UPDATE, false, 0, 300);

        assertThat(swarms.sweep(200)).isEqualTo(1);

        assertThat(swarms.scrape(CONTENT, List.of(HASH))).containsEntry(HASH, new Counts(0, 1, 0));
        assertThat(announce("s1", "a", Event.UPDATE, false, 5, 300).recipients()).isEmpty();
        assertThat(announce("s2", "b", Event.UPDATE, false, 0, 400).counts()).as("it may come back")
                .isEqualTo(new Counts(0, 2, 0));
        assertThat(swarms.sweep(Long.MAX_VALUE)).isEqualTo(2);
        assertThat(swarms.swarmCount()).isZero();
    }

    @Test
    void aConnectionJoinsALimitedNumberOfSwarms() throws Exception {
        for (int i = 0; i < 3; i++) {
            swarms.announce("s1", CONTENT, Ids.named("h" + i), Ids.named("a"), Event.STARTED, false, 0, 0);
        }
        assertThatThrownBy(() -> swarms.announce("s1", CONTENT, Ids.named("h3"), Ids.named("a"), Event.STARTED, false, 0, 0))
                .isInstanceOfSatisfying(TrackerFailure.class, f -> assertThat(f.refusal).isEqualTo(Refusal.TOO_MANY_SWARMS));
        assertThat(swarms.announce("s1", CONTENT, Ids.named("h2"), Ids.named("a"), Event.UPDATE, false, 0, 0).counts())
                .as("announcing again where it is still works").isEqualTo(new Counts(0, 1, 0));
        assertThat(swarms.swarmCount()).isEqualTo(3);
    }

    @Test
    void anAnswerFindsTheConnectionOfThePeerItIsFor() throws Exception {
        announce("s1", "a", Event.STARTED, false, 0, 0);

        assertThat(swarms.answer("s2", CONTENT, HASH, Ids.named("b"), Ids.named("a"), 0)).isEqualTo("s1");
        assertThat(swarms.answer("s2", CONTENT, HASH, Ids.named("b"), Ids.named("nobody"), 0)).isNull();
        assertThat(swarms.scrape(CONTENT, List.of(HASH))).as("the answerer is in the swarm now")
                .containsEntry(HASH, new Counts(0, 2, 0));
        assertThatThrownBy(() -> swarms.answer("s3", CONTENT, HASH, Ids.named("b"), Ids.named("a"), 0))
                .isInstanceOfSatisfying(TrackerFailure.class, f -> assertThat(f.refusal).isEqualTo(Refusal.PEER_ID_TAKEN));
    }

    @Test
    void manyJoinsAndLeavesKeepTheIndexConsistent() throws Exception {
        Swarms<String> big = new Swarms<>(64, new SplittableRandom(1));
        SplittableRandom random = new SplittableRandom(2);
        HashSet<String> in = new HashSet<>();
        for (int step = 0; step < 5000; step++) {
            String peer = "p" + random.nextInt(50);
            String socket = ("s" + peer).intern(); // connections compare by identity
            if (random.nextBoolean()) {
                List<String> to = big.announce(socket, CONTENT, HASH, Ids.named(peer), Event.UPDATE, false, 4, step).recipients();
                in.add(peer);
                assertThat(to).doesNotContain(socket).doesNotHaveDuplicates().hasSize(Math.min(4, in.size() - 1));
            } else {
                big.leave(socket);
                in.remove(peer);
            }
            assertThat(big.peerCount()).isEqualTo(in.size());
        }
    }
}
