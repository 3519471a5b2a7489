package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker in the running gateway (on the real services, like every gateway IT), over real WebSockets. Each test
 * connects from its own loopback address, so the per-address limits of one test do not touch another.
 */
@QuarkusTest
@TestProfile(TrackerIT.OneKnownContent.class)
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "gateway"))
class TrackerIT {

    /** {@link FakeCatalog} knows one content; the per-address limits are low enough to reach in a test. */
    public static class OneKnownContent implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FakeCatalog.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.per-ip.sockets", "6",
                    "tracker.per-ip.messages-per-second", "50",
                    "tracker.per-ip.message-burst", "100");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = Ids.named("video-0");

    @TestHTTPResource("/")
    URL root;

    private URI tracker(String contentId) {
        return URI.create("ws://" + root.getHost() + ":" + root.getPort() + TrackerRoutes.PATH + contentId);
    }

    private WsPeer peer(String fromAddress) throws Exception {
        return WsPeer.connect(tracker(FakeCatalog.KNOWN), fromAddress);
    }

    private static ObjectNode announce(String hash, String peerId) {
        return JSON.createObjectNode().put("action", "announce").put("info_hash", hash).put("peer_id", peerId)
                .put("numwant", 5).put("uploaded", 0).put("downloaded", 0).put("left", 1_000_000);
    }

    private static ObjectNode withOffer(ObjectNode announce, String offerId) {
        ObjectNode offer = announce.putArray("offers").addObject();
        offer.putObject("offer").put("type", "offer").put("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
        offer.put("offer_id", offerId);
        return announce;
    }

    private static ObjectNode scrape(String hash) {
        return JSON.createObjectNode().put("action", "scrape").put("info_hash", hash);
    }

    private static JsonNode counts(WsPeer peer, String hash) throws Exception {
        peer.send(scrape(hash));
        JsonNode reply = peer.next();
        assertThat(reply.get("action").textValue()).isEqualTo("scrape");
        return reply.get("files").get(hash);
    }

    /** Scrapes until the counts satisfy the test (a close is handled asynchronously), failing after the wait. */
    private static void awaitCounts(WsPeer peer, String hash, Predicate<JsonNode> wanted) {
        await("scrape answers the wanted counts").atMost(WsPeer.WAIT).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> counts(peer, hash), wanted);
    }

    @Test
    void offersAndAnswersTravelBetweenPeersWithTheirIdsByteExact() throws Exception {
        List<String> ids = Ids.everyByte();
        try (WsPeer alice = peer("127.0.0.11"); WsPeer bob = peer("127.0.0.11")) {
            for (int i = 0; i < ids.size(); i++) {
                String hash = ids.get(i);
                String aliceId = ids.get((i + 1) % ids.size());
                String bobId = ids.get((i + 2) % ids.size());
                String offerId = ids.get((i + 3) % ids.size());

                bob.send(announce(hash, bobId).put("event", "started"));
                JsonNode bobsReply = bob.next();
                assertThat(bobsReply.get("info_hash").textValue()).isEqualTo(hash);
                assertThat(bobsReply.get("interval").intValue()).isEqualTo(120);
                assertThat(bobsReply.get("incomplete").intValue()).isEqualTo(1);

                alice.send(withOffer(announce(hash, aliceId).put("event", "started"), offerId));
                assertThat(alice.next().get("incomplete").intValue()).isEqualTo(2);
                JsonNode offer = bob.next();
                assertThat(offer.get("action").textValue()).isEqualTo("announce");
                assertThat(BinaryId.hex(offer.get("peer_id").textValue())).isEqualTo(BinaryId.hex(aliceId));
                assertThat(BinaryId.hex(offer.get("offer_id").textValue())).isEqualTo(BinaryId.hex(offerId));
                assertThat(BinaryId.hex(offer.get("info_hash").textValue())).isEqualTo(BinaryId.hex(hash));
                assertThat(offer.get("offer").get("type").textValue()).isEqualTo("offer");

                ObjectNode answer = JSON.createObjectNode().put("action", "announce").put("info_hash", hash)
                        .put("peer_id", bobId).put("to_peer_id", aliceId).put("offer_id", offerId);
                answer.putObject("answer").put("type", "answer").put("sdp", "v=0 answer " + i);
                bob.send(answer);
                JsonNode forwarded = alice.next();
                assertThat(BinaryId.hex(forwarded.get("peer_id").textValue())).isEqualTo(BinaryId.hex(bobId));
                assertThat(BinaryId.hex(forwarded.get("offer_id").textValue())).isEqualTo(BinaryId.hex(offerId));
                assertThat(forwarded.get("answer").get("sdp").textValue()).isEqualTo("v=0 answer " + i);
                // the answer got no reply: the next thing bob hears is the answer to his scrape
                assertThat(counts(bob, hash).get("incomplete").intValue()).isEqualTo(2);
            }
        }
    }

    @Test
    void scrapeCountsSeedersAndLeechersAndStoppedRemovesAPeer() throws Exception {
        try (WsPeer seeder = peer("127.0.0.12"); WsPeer leecher = peer("127.0.0.12"); WsPeer watcher = peer("127.0.0.12")) {
            seeder.send(announce(HASH, Ids.named("seeder")).put("left", 0).put("event", "started"));
            assertThat(seeder.next().get("complete").intValue()).isEqualTo(1);
            leecher.send(announce(HASH, Ids.named("leecher")).put("event", "started"));
            leecher.next();

            JsonNode both = counts(watcher, HASH);
            assertThat(both.get("complete").intValue()).isEqualTo(1);
            assertThat(both.get("incomplete").intValue()).isEqualTo(1);

            leecher.send(announce(HASH, Ids.named("leecher")).put("event", "stopped"));
            JsonNode reply = leecher.next();
            assertThat(reply.get("incomplete").intValue()).isZero();
            assertThat(counts(watcher, HASH).get("incomplete").intValue()).isZero();

            watcher.send(JSON.createObjectNode().put("action", "scrape"));
            JsonNode all = watcher.next().get("files");
            assertThat(all.has(HASH)).as("scrape without info_hash lists the content's swarms: " + all).isTrue();
        }
    }

    @Test
    void aPeerWhoseConnectionEndsIsDropped() throws Exception {
        try (WsPeer watcher = peer("127.0.0.13"); WsPeer leaving = peer("127.0.0.13"); WsPeer crashing = peer("127.0.0.13")) {
            leaving.send(announce(HASH, Ids.named("leaving")));
            leaving.next();
            crashing.send(announce(HASH, Ids.named("crashing")));
            crashing.next();
            watcher.send(announce(HASH, Ids.named("watcher")));
            assertThat(watcher.next().get("incomplete").intValue()).isEqualTo(3);

            leaving.closeNormally();
            awaitCounts(watcher, HASH, c -> c.get("incomplete").intValue() == 2);
            crashing.abort();
            awaitCounts(watcher, HASH, c -> c.get("incomplete").intValue() == 1);
        }
    }

    @Test
    void aPeerIdStaysWithTheConnectionThatAnnouncedIt() throws Exception {
        try (WsPeer owner = peer("127.0.0.19"); WsPeer thief = peer("127.0.0.19")) {
            owner.send(announce(HASH, Ids.named("owner")));
            owner.next();
            thief.send(announce(HASH, Ids.named("owner")).put("event", "stopped"));
            assertThat(thief.next().get("failure reason").textValue()).isEqualTo("peer_id is in use by another connection");
            assertThat(counts(thief, HASH).get("incomplete").intValue()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionForUnknownContentIsToldAndClosed() throws Exception {
        for (String unknown : List.of("cd".repeat(32), "not-a-content-id")) {
            try (WsPeer stranger = WsPeer.connect(tracker(unknown), "127.0.0.14")) {
                assertThat(stranger.next().get("failure reason").textValue()).isEqualTo("unknown content " + unknown);
                assertThat(stranger.awaitClose()).isEqualTo(1008);
            }
        }
    }

    @Test
    void malformedMessagesAreAnsweredWhileEveryoneElseCarriesOn() throws Exception {
        try (WsPeer clumsy = peer("127.0.0.15"); WsPeer other = peer("127.0.0.15")) {
            other.send(announce(HASH, Ids.named("other")));
            other.next();
            clumsy.send(announce(HASH, Ids.named("clumsy")));
            clumsy.next();

            Map<String, String> bad = new java.util.LinkedHashMap<>();
            bad.put("{\"action\":\"announce\",", "invalid JSON");
            bad.put("{\"action\":\"connect\"}", "invalid action in WS request: connect");
            bad.put(announce(HASH, "too short").toString(), "invalid peer_id");
            bad.put(announce(HASH, "x".repeat(19) + "\u0100").toString(), "invalid peer_id");
            bad.put(announce(HASH, Ids.named("clumsy")).put("event", "exploded").toString(), "invalid event");
            bad.put("{\"action\":\"scrape\",\"pad\":\"" + "x".repeat(70_000) + "\"}", "message over 65536 bytes");
            for (Map.Entry<String, String> message : bad.entrySet()) {
                clumsy.send(message.getKey());
                assertThat(clumsy.next().get("failure reason").textValue()).isEqualTo(message.getValue());
            }
            clumsy.sendBinary(new byte[] {1, 2, 3});
            assertThat(clumsy.next().get("failure reason").textValue()).isEqualTo("binary messages are not part of the protocol");

            other.send(withOffer(announce(HASH, Ids.named("other")), Ids.named("offer")));
            assertThat(other.next().get("incomplete").intValue()).isEqualTo(2);
            assertThat(clumsy.next().get("offer_id").textValue()).as("clumsy is still in the swarm and reachable")
                    .isEqualTo(Ids.named("offer"));
            assertThat(clumsy.isClosed()).isFalse();
        }
    }

    @Test
    void aConnectionThatSendsOnlyGarbageIsClosedAndNoOtherIs() throws Exception {
        try (WsPeer garbage = peer("127.0.0.16"); WsPeer neighbour = peer("127.0.0.16")) {
            for (int i = 0; i < 20; i++) {
                garbage.send("garbage " + i);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(garbage.next().get("failure reason").textValue()).isEqualTo("invalid JSON");
            }
            assertThat(garbage.awaitClose()).isEqualTo(1008);
            assertThat(counts(neighbour, HASH).get("incomplete").intValue()).isZero();
        }
    }

    @Test
    void anAddressHasACapOnConnections() throws Exception {
        List<WsPeer> open = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                WsPeer peer = peer("127.0.0.17");
                open.add(peer);
                assertThat(counts(peer, HASH)).isNotNull();
            }
            try (WsPeer seventh = peer("127.0.0.17")) {
                assertThat(seventh.next().get("failure reason").textValue())
                        .isEqualTo("rate limited: too many connections from your address");
                assertThat(seventh.awaitClose()).isEqualTo(1008);
            }
            try (WsPeer elsewhere = peer("127.0.0.27")) {
                assertThat(counts(elsewhere, HASH)).as("another address is not affected").isNotNull();
            }

            open.removeFirst().closeNormally();
            await("a closed connection frees its place").atMost(WsPeer.WAIT).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        WsPeer again = peer("127.0.0.17");
                        again.send(scrape(HASH));
                        if (again.next().has("files")) {
                            open.add(again);
                            return true;
                        }
                        again.close();
                        return false;
                    });
        } finally {
            open.forEach(WsPeer::close);
        }
    }

    @Test
    void anAddressSendingTooFastIsRateLimitedAndOthersAreNot() throws Exception {
        try (WsPeer flooder = peer("127.0.0.18"); WsPeer calm = peer("127.0.0.28")) {
            int sent = 300;
            for (int i = 0; i < sent; i++) {
                flooder.send(scrape(HASH));
            }
            int limited = 0;
            for (int i = 0; i < sent; i++) {
                if ("rate limited".equals(flooder.next().path("failure reason").asText())) {
                    limited++;
                }
            }
            assertThat(limited).as("over a burst of 100 at 50 per second").isGreaterThan(0).isLessThanOrEqualTo(sent - 100);
            assertThat(counts(calm, HASH)).isNotNull();
            assertThat(flooder.isClosed()).as("rate limiting drops messages, not the connection").isFalse();
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("shoal_tracker_refusals_total{reason=\"rate-limited\""))
                .body(org.hamcrest.Matchers.containsString("shoal_tracker_peers "));
    }

    /** The stock client p2p-media-loader runs, made to sign offers with a stand-in for WebRTC (no native build). */
    @Test
    void theStockBittorrentTrackerClientSignalsThroughTheTracker() throws Exception {
        Path modules = Path.of(System.getProperty("shoal-root", "..")).resolve("tools/node_modules");
        assertThat(modules.resolve("bittorrent-tracker")).as("the npm tools (./shoal test installs them; else cd tools && npm ci --ignore-scripts)")
                .isDirectory();
        Path script = Path.of("src/test/resources/tracker/stock-client.mjs").toAbsolutePath();
        Process node = new ProcessBuilder("node", script.toString(), modules.toAbsolutePath().toString(),
                tracker(FakeCatalog.KNOWN).toString()).redirectErrorStream(true).start();
        boolean ended = node.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            node.destroyForcibly();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("node ended: " + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true");
    }
}
