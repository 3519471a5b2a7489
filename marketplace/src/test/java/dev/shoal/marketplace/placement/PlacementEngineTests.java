package dev.shoal.marketplace.placement;

import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.Reputation.TrackRecord;
import dev.shoal.marketplace.placement.PlacementEngine.Candidate;
import dev.shoal.marketplace.placement.PlacementEngine.Request;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementEngineTests {

    private static final BigInteger MAX = BigInteger.valueOf(100);

    private static Candidate agent(String address, String operator, String network, double reputation, long price) {
        return new Candidate(address, operator, network, reputation, BigInteger.valueOf(price), 1L << 40);
    }

    private static Request request(int needed) {
        return new Request(needed, 1_000_000, MAX, Set.of(), Set.of(), Set.of());
    }

    @Test
    void distinctOperatorsAndNetworksComeBeforeReputation() {
        List<Candidate> agents = List.of(
                agent("a1", "alice", "n1", 0.99, 10),
                agent("a2", "alice", "n1", 0.98, 10),   // same operator and network as a1
                agent("b1", "bob", "n1", 0.97, 10),     // new operator, same network
                agent("c1", "carol", "n3", 0.50, 10),   // new operator and network, low reputation
                agent("d1", "dave", "n4", 0.60, 90));
        List<String> chosen = PlacementEngine.choose(request(3), agents).stream().map(Candidate::address).toList();
        assertThat(chosen).containsExactly("a1", "d1", "c1");
    }

    @Test
    void neverTwoReplicasOnOneAgentAndNeverAHolderAgain() {
        List<Candidate> agents = List.of(agent("a", "o1", "n1", 0.9, 1), agent("b", "o2", "n2", 0.9, 1));
        Request request = new Request(5, 1, MAX, Set.of("a"), Set.of("o1"), Set.of("n1"));
        assertThat(PlacementEngine.choose(request, agents)).extracting(Candidate::address).containsExactly("b");
    }

    @Test
    void priceAboveTheMaximumAndTooLittleRoomAreNotEligible() {
        List<Candidate> agents = List.of(
                agent("dear", "o1", "n1", 1.0, 101),
                new Candidate("full", "o2", "n2", 1.0, BigInteger.ONE, 999_999),
                agent("ok", "o3", "n3", 0.1, 100));
        assertThat(PlacementEngine.choose(request(3), agents)).extracting(Candidate::address).containsExactly("ok");
    }

    @Test
    void whenSpreadingIsExhaustedReputationThenPriceDecide() {
        List<Candidate> agents = List.of(
                agent("x", "o1", "n1", 0.8, 50),
                agent("y", "o1", "n1", 0.8, 20),
                agent("z", "o1", "n1", 0.9, 90));
        assertThat(PlacementEngine.choose(request(3), agents)).extracting(Candidate::address).containsExactly("z", "y", "x");
    }

    @Test
    void placingManyOrdersOverManyAgentsMeetsTheSpreadingRules() {
        java.util.Random random = new java.util.Random(7);
        List<Candidate> agents = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            agents.add(agent("agent" + i, "op" + random.nextInt(600), "net" + random.nextInt(900), random.nextDouble(), 1 + random.nextInt(100)));
        }
        for (int order = 0; order < 200; order++) {
            List<Candidate> chosen = PlacementEngine.choose(request(5 + order % 6), agents);
            assertThat(chosen).hasSize(5 + order % 6);
            assertThat(chosen.stream().map(Candidate::operator).distinct().count()).isEqualTo(chosen.size());
            assertThat(chosen.stream().map(Candidate::network).distinct().count()).isEqualTo(chosen.size());
        }
    }

    @Test
    void anAgentThatFailedAuditsIsRankedBelowAnOtherwiseEqualOne() {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-22T12:00:00Z");
        Agent honest = equalAgent("0xbb", now);
        Agent failing = equalAgent("0xaa", now);   // wins the address tie-break when reputations are equal
        List<Candidate> candidates = List.of(
                PlacementService.candidate(failing, new TrackRecord(2, 5, 0, 0), 0, now, Duration.ofSeconds(10), 10_000_000),
                PlacementService.candidate(honest, new TrackRecord(5, 5, 0, 0), 0, now, Duration.ofSeconds(10), 10_000_000));
        assertThat(PlacementEngine.choose(request(1), candidates)).extracting(Candidate::address).containsExactly("0xbb");
    }

    @Test
    void aSlowTransferrerIsRankedBelowAnOtherwiseEqualFastOne() {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-22T12:00:00Z");
        List<Candidate> candidates = List.of(
                PlacementService.candidate(equalAgent("0xaa", now), new TrackRecord(1, 1, 1_000_000, 60_000), 0, now, Duration.ofSeconds(10), 10_000_000),
                PlacementService.candidate(equalAgent("0xbb", now), new TrackRecord(1, 1, 1_000_000, 200), 0, now, Duration.ofSeconds(10), 10_000_000));
        assertThat(PlacementEngine.choose(request(1), candidates)).extracting(Candidate::address).containsExactly("0xbb");
    }

    private static Agent equalAgent(String address, OffsetDateTime now) {
        Agent a = new Agent();
        a.address = address;
        a.operator = "op-" + address;
        a.network = "net-" + address;
        a.registeredAt = now.minusHours(1);
        a.heartbeats = 360;
        a.pricePerGbEpochWei = BigInteger.TEN;
        a.capacityBytes = 1L << 40;
        return a;
    }
}
