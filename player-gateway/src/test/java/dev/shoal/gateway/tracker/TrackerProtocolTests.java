package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol as the wire sees it, without Quarkus: JSON in, JSON out, to recording connections. */
class TrackerProtocolTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT = "c".repeat(64);
    private static final String HASH = Ids.named("hash");

    private final TestConfig config = new TestConfig();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long now;
    private TrackerProtocol protocol;

    private TrackerProtocol protocol() {
        if (protocol == null) {
            Swarms<PeerSocket> swarms = new Swarms<>(config.maxSwarmsPerSocket, new SplittableRandom(3));
            IpLimiter limiter = new IpLimiter(config.sockets, config.messagesPerSecond, config.messageBurst, () -> now);
            protocol = new TrackerProtocol(config, swarms, limiter, new TrackerMetrics(registry, swarms), () -> now);
        }
        return protocol;
    }

    private RecordingSocket connect(String ip) {
        assertThat(protocol().open(ip)).isTrue();
        return new RecordingSocket(CONTENT, ip);
    }

    private static ObjectNode announce(String hash, String peerId) {
        return JSON.createObjectNode().put("action", "announce").put("info_hash", hash).put("peer_id", peerId)
                .put("numwant", 5).put("uploaded", 0).put("downloaded", 0).put("left", 100);
    }

    private static ObjectNode withOffers(ObjectNode announce, String... offerIds) {
        var offers = announce.putArray("offers");
        for (String id : offerIds) {
            ObjectNode offer = offers.addObject();
            offer.putObject("offer").put("type", "offer").put("sdp", "v=0\r\no=- " + BinaryId.hex(id) + "\r\n");
            offer.put("offer_id", id);
        }
        return announce;
    }

    private void send(RecordingSocket socket, JsonNode message) {
        protocol().onMessage(socket, message.toString());
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anOfferReachesTheOtherPeerAndItsAnswerComesBackByteExact() {
        List<String> ids = Ids.everyByte();
        for (int k = 0; k + 3 < ids.size(); k += 4) {
            String hash = ids.get(k);
            String alice = ids.get(k + 1);
            String bob = ids.get(k + 2);
            String offerId = ids.get(k + 3);
            RecordingSocket a = connect("10.0.0.1");
            RecordingSocket b = connect("10.0.0.2");

            send(b, announce(hash, bob).put("event", "started"));
            assertThat(b.take()).singleElement().satisfies(reply -> {
                assertThat(reply.get("action").textValue()).isEqualTo("announce");
                assertThat(reply.get("interval").intValue()).isEqualTo(120);
                assertThat(reply.get("info_hash").textValue()).isEqualTo(hash);
                assertThat(reply.get("complete").intValue()).isZero();
                assertThat(reply.get("incomplete").intValue()).isEqualTo(1);
            });

            send(a, withOffers(announce(hash, alice).put("event", "started"), offerId));
            assertThat(a.take()).singleElement().satisfies(reply -> assertThat(reply.get("incomplete").intValue()).isEqualTo(2));
            JsonNode offer = b.take().getFirst();
            assertThat(offer.get("action").textValue()).isEqualTo("announce");
            assertThat(offer.get("peer_id").textValue()).isEqualTo(alice);
            assertThat(offer.get("offer_id").textValue()).isEqualTo(offerId);
            assertThat(offer.get("info_hash").textValue()).isEqualTo(hash);
            assertThat(offer.get("offer").get("sdp").textValue()).contains(BinaryId.hex(offerId));

            ObjectNode answer = JSON.createObjectNode().put("action", "announce").put("info_hash", hash).put("peer_id", bob)
                    .put("to_peer_id", alice).put("offer_id", offerId);
            answer.putObject("answer").put("type", "answer").put("sdp", "v=0 answer");
            send(b, answer);
            assertThat(b.take()).as("no reply to an answer").isEmpty();
            assertThat(a.take()).singleElement().satisfies(forwarded -> {
                assertThat(forwarded.get("peer_id").textValue()).isEqualTo(bob);
                assertThat(forwarded.get("offer_id").textValue()).isEqualTo(offerId);
                assertThat(forwarded.get("info_hash").textValue()).isEqualTo(hash);
                assertThat(forwarded.get("answer").get("sdp").textValue()).isEqualTo("v=0 answer");
            });
        }
        assertThat(counter("shoal.tracker.offers.forwarded")).isEqualTo(3);
        assertThat(counter("shoal.tracker.answers.forwarded")).isEqualTo(3);
    }

    @Test
    void anOfferPerOtherPeerAtMostAndNeverToTheAnnouncer() {
        RecordingSocket a = connect("10.0.0.1");
        RecordingSocket b = connect("10.0.0.2");
        send(b, announce(HASH, Ids.named("bob")));
        b.take();

        send(a, withOffers(announce(HASH, Ids.named("alice")), Ids.named("o1"), Ids.named("o2"), Ids.named("o3")));

        assertThat(a.take()).as("only the reply").hasSize(1);
        assertThat(b.take()).as("one offer for the one other peer").hasSize(1);
    }

    @Test
    void numwantAndTheConfiguredCapLimitTheOffersForwarded() {
        config.maxOffers = 2;
        RecordingSocket a = connect("10.0.0.1");
        List<RecordingSocket> others = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingSocket other = connect("10.0.1." + i);
            send(other, announce(HASH, Ids.named("peer" + i)));
            other.take();
            others.add(other);
        }
        send(a, withOffers(announce(HASH, Ids.named("alice")), Ids.named("o1"), Ids.named("o2"), Ids.named("o3")));
        assertThat(others.stream().mapToInt(o -> o.take().size()).sum()).isEqualTo(2);

        send(a, withOffers(announce(HASH, Ids.named("alice")).put("numwant", 1), Ids.named("o4"), Ids.named("o5")));
        assertThat(others.stream().mapToInt(o -> o.take().size()).sum()).isEqualTo(1);
    }

    @Test
    void scrapeCountsTheSwarmsOfTheContent() {
        RecordingSocket a = connect("10.0.0.1");
        send(a, announce(HASH, Ids.named("alice")).put("left", 0));
        send(a, announce(Ids.named("other"), Ids.named("alice")));
        a.take();

        send(a, JSON.createObjectNode().put("action", "scrape").put("info_hash", HASH));
        JsonNode one = a.take().getFirst();
        assertThat(one.get("action").textValue()).isEqualTo("scrape");
        assertThat(one.get("files").get(HASH).toString()).isEqualTo("{\"complete\":1,\"incomplete\":0,\"downloaded\":0}");
        assertThat(one.get("flags").get("min_request_interval").intValue()).isEqualTo(120);

        send(a, JSON.createObjectNode().put("action", "scrape"));
        JsonNode all = a.take().getFirst();
        assertThat(all.get("files").size()).isEqualTo(2);
        assertThat(all.get("files").get(Ids.named("other")).get("incomplete").intValue()).isEqualTo(1);
    }

    @Test
    void aClosedConnectionsPeersLeave() {
        RecordingSocket a = connect("10.0.0.1");
        RecordingSocket b = connect("10.0.0.2");
        send(a, announce(HASH, Ids.named("alice")));
        send(b, announce(HASH, Ids.named("bob")));

        protocol().closed(a);

        b.take();
        send(b, JSON.createObjectNode().put("action", "scrape").put("info_hash", HASH));
        assertThat(b.take().getFirst().get("files").get(HASH).get("incomplete").intValue()).isEqualTo(1);
        assertThat(registry.get("shoal.tracker.peers").gauge().value()).isEqualTo(1);
        assertThat(registry.get("shoal.tracker.connections").gauge().value()).isEqualTo(1);
    }

    @Test
    void badMessagesAreAnsweredAndHarmNoOne() {
        RecordingSocket a = connect("10.0.0.1");
        RecordingSocket b = connect("10.0.0.2");
        send(b, announce(HASH, Ids.named("bob")));
        b.take();

        protocol().onMessage(a, "{oops");
        protocol().onMessage(a, "x".repeat(config.maxMessageBytes + 1));
        send(a, announce(HASH, "short"));
        send(a, announce(HASH, Ids.named("bob")));
        protocol().onBinaryMessage(a);

        List<JsonNode> replies = a.take();
        assertThat(replies).extracting(r -> r.get("failure reason").textValue()).containsExactly(
                "invalid JSON", "message over 65536 bytes", "invalid peer_id", "peer_id is in use by another connection",
                "binary messages are not part of the protocol");
        assertThat(replies.get(2).get("info_hash").textValue()).isEqualTo(HASH);
        assertThat(replies.get(2).get("action").textValue()).isEqualTo("announce");
        assertThat(a.closedWith).isNull();
        assertThat(counter("shoal.tracker.refusals", "reason", "invalid-message")).isEqualTo(3);
        assertThat(counter("shoal.tracker.refusals", "reason", "peer-id-taken")).isEqualTo(1);

        send(b, withOffers(announce(HASH, Ids.named("bob")), Ids.named("o1")));
        assertThat(b.take()).as("bob is untouched").singleElement()
                .satisfies(r -> assertThat(r.get("incomplete").intValue()).isEqualTo(1));
    }

    @Test
    void aConnectionSendingOnlyGarbageIsClosed() {
        config.maxInvalidMessages = 3;
        RecordingSocket a = connect("10.0.0.1");
        protocol().onMessage(a, "1");
        protocol().onMessage(a, "2");
        assertThat(a.closedWith).isNull();
        protocol().onMessage(a, "3");
        assertThat(a.closedWith).isEqualTo("too many invalid messages");
    }

    @Test
    void overTheMessageRateAnAddressIsToldItIsRateLimited() {
        config.messagesPerSecond = 1;
        config.messageBurst = 3;
        RecordingSocket a = connect("10.0.0.1");
        RecordingSocket a2 = connect("10.0.0.1");
        RecordingSocket b = connect("10.0.0.2");
        JsonNode scrape = JSON.createObjectNode().put("action", "scrape");
        send(a, scrape);
        send(a2, scrape);
        send(a, scrape);
        send(a2, scrape);
        send(b, scrape);

        assertThat(a.take()).extracting(r -> r.has("failure reason")).containsExactly(false, false);
        assertThat(a2.take()).extracting(r -> r.path("failure reason").asText()).containsExactly("", "rate limited");
        assertThat(b.take()).extracting(r -> r.has("failure reason")).containsExactly(false);
        now += TimeUnit.SECONDS.toNanos(1);
        send(a2, scrape);
        assertThat(a2.take()).extracting(r -> r.has("failure reason")).containsExactly(false);
        assertThat(a.closedWith).isNull();
    }

    @Test
    void silentPeersAreDroppedAfterTwoIntervalsAndTheSlack() {
        RecordingSocket a = connect("10.0.0.1");
        RecordingSocket b = connect("10.0.0.2");
        send(a, announce(HASH, Ids.named("alice")));
        now += TimeUnit.SECONDS.toNanos(200);
        send(b, announce(HASH, Ids.named("bob")));

        now += TimeUnit.SECONDS.toNanos(71);
        assertThat(protocol().sweep()).as("alice: 271 s silent, over 2 x 120 + 30").isEqualTo(1);
        now += TimeUnit.SECONDS.toNanos(199);
        assertThat(protocol().sweep()).as("bob: 270 s, not over").isZero();
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(protocol().sweep()).as("bob: 271 s").isEqualTo(1);
        assertThat(counter("shoal.tracker.peers.swept")).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsToldWhyAndClosed() {
        config.sockets = 1;
        connect("10.0.0.1");
        assertThat(protocol().open("10.0.0.1")).isFalse();
        RecordingSocket refused = new RecordingSocket(CONTENT, "10.0.0.1");

        protocol().refuse(refused, Refusal.TOO_MANY_SOCKETS, "rate limited: too many connections from your address");

        assertThat(refused.take()).singleElement().satisfies(r -> assertThat(r.get("failure reason").textValue())
                .isEqualTo("rate limited: too many connections from your address"));
        assertThat(refused.closedWith).isNotNull();
        assertThat(counter("shoal.tracker.refusals", "reason", "too-many-sockets")).isEqualTo(1);
    }
}
