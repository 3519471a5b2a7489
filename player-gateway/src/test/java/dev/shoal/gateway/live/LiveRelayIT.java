package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.RelayClaim;
import dev.shoal.contracts.live.RelayRequest;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.browser.Viewer;
import dev.shoal.gateway.watch.StockClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.shoal.gateway.live.LiveHttp.get;
import static dev.shoal.gateway.live.LiveHttp.post;
import static dev.shoal.gateway.live.LiveHttp.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay agents and a shielded origin on the real product ({@code shoal up --agents 3 --relays 2}: PostgreSQL, Kafka,
 * Keycloak, anvil, marketplace, gateway; agent-1 the creator's origin, agent-2 and agent-3 relays): real ffmpeg pushes to
 * a room that shields its origin; the relays follow it, verify its announcements, fetch its segments from the origin with
 * signed requests and serve them; one Chromium viewer plays past 8 segments with every HTTP response from a relay; the
 * room API, its event stream and the page never name the origin; a direct request to the origin, unsigned or signed by a
 * key that is not the room's relay, is refused with 403 problem+json. Then the refusals of relay claims: forged, stale,
 * replayed, for an unknown or ended room, nothing stored. Once the creator ends the room, the gateway registers the
 * recording itself with the origin as its source, and the origin serves its segments to anyone. A shielded fMP4 room whose
 * creator chose one relay is carried by that one only, init segment included, and the list can change while it is live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRelayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 as a browser speaks to these cleartext servers (the JDK client's h2c upgrade misread a relay's answer once)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SEGMENT = Pattern.compile("segments/([0-9a-f]{64})\\.ts");
    private static final int SEGMENT_SECONDS = 2;

    /** Kept when a test fails: its logs/ say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String origin;
    private Set<String> relays;
    private String operatorToken;
    private String creatorToken;

    @BeforeAll
    void upWithAnOriginAndTwoRelays() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        ShoalStack.Run up = stack.shoal("up", "--agents", "3", "--relays", "2", "--no-sample");
        assertThat(up.exit()).as(up.out()).isZero();
        gateway = stack.url("player-gateway");
        origin = stack.url("agent-1");
        relays = Set.of(stack.url("agent-2"), stack.url("agent-3"));
        operatorToken = Files.readString(state.resolve("agent-1/store/operator.token")).strip();
        creatorToken = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator");
    }

    @AfterAll
    void down() throws Exception {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void aShieldedOriginReachesItsViewersOnlyThroughTheRelays() throws Exception {
        String room = open("Shielded", true);
        HttpResponse<String> atOrigin = post(origin + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway).put("shielded", true), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        String ingest = origin + JSON.readTree(atOrigin.body()).path("ingestPath").asText() + "%v/index.m3u8";
        String originPort = ":" + URI.create(origin).getPort();

        Process push = LiveEncoder.push(ingest, 600, SEGMENT_SECONDS, Files.createTempFile("ffmpeg-relay", ".log"));
        Viewer viewer = null;
        EventStream stream = null;
        try {
            await("the room live").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("LIVE"));
            // both relays claim the room and hold its newest segments; the origin is not among the sources
            await("two relays at the live edge").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode sources = room(room).path("sources");
                return sources.size() == 2 && sources.findValues("held").stream().allMatch(h -> h.path("hi").asLong(-1) >= 1);
            });
            JsonNode view = room(room);
            assertThat(view.path("shielded").asBoolean()).isTrue();
            assertThat(view.path("origin").isNull()).as("the room names no origin").isTrue();
            for (JsonNode s : view.path("sources")) {
                assertThat(s.path("kind").asText()).isEqualTo("relay");
                assertThat(relays).contains(s.path("url").asText());
            }

            // the relay's copy: the announced bytes, served as an MPEG-TS segment
            String playlist = get(gateway + "/live/" + room + "/hi.m3u8", Map.of()).body();
            List<String> segments = new ArrayList<>();
            Matcher m = SEGMENT.matcher(playlist);
            while (m.find()) {
                segments.add(m.group(1));
            }
            assertThat(segments).isNotEmpty();
            String sha = segments.get(segments.size() - 2 >= 0 ? segments.size() - 2 : 0);
            HttpResponse<String> redirect = get(gateway + "/live/" + room + "/segments/" + sha + ".ts", Map.of());
            assertThat(redirect.statusCode()).isEqualTo(302);
            String location = redirect.headers().firstValue("Location").orElseThrow();
            assertThat(relays).as("the redirect names a relay").anyMatch(location::startsWith);
            HttpResponse<byte[]> fromRelay = HTTP.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fromRelay.statusCode()).isEqualTo(200);
            assertThat(fromRelay.headers().firstValue("Content-Type")).hasValue("video/mp2t");
            assertThat(Sha256.of(fromRelay.body()).hex()).isEqualTo(sha);

            // the origin: an unsigned request, and one signed by a key that is not the room's relay, are refused
            problem(get(origin + "/segments/" + sha + ".ts", Map.of()), 403, "forbidden");
            SigningKey stranger = SigningKey.generate();
            problem(get(origin + "/segments/" + sha + ".ts", Map.of(RelayRequest.HEADER,
                    RelayRequest.sign(stranger, Sha256.fromHex(sha), System.currentTimeMillis()).header())), 403, "forbidden");

            // what viewers read never names the origin: the room API, the list of live rooms, the event stream, the page
            stream = new EventStream(HTTP, gateway + "/live/" + room + "/events");
            EventStream s = stream;
            await("the event stream's window").atMost(Duration.ofSeconds(30)).until(() -> !s.rooms.isEmpty() && !s.announcements.isEmpty());
            for (String text : List.of(get(gateway + "/api/live/rooms/" + room, Map.of()).body(),
                    get(gateway + "/api/live/rooms?state=LIVE", Map.of()).body(), s.rooms.toString(), s.announcements.toString(),
                    get(gateway + "/live/" + room, Map.of()).body(), get(gateway + "/embed/live/" + room, Map.of()).body())) {
                assertThat(text).doesNotContain(origin).doesNotContain(originPort);
            }

            // a segment asked for the moment its announcement arrives, as the viewer at the front asks for it, before any
            // relay can hold it: the gateway waits for a relay to report it and names that relay, rather than refusing
            int seen = s.announcements.size();
            await("a new announcement").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> s.announcements.size() > seen);
            String fresh = s.announcements.get(seen).path("sha256").asText();
            HttpResponse<String> atOnce = get(gateway + "/live/" + room + "/segments/" + fresh + ".ts", Map.of());
            assertThat(atOnce.statusCode()).as("a segment asked for as it is announced: %s", atOnce.body()).isEqualTo(302);
            assertThat(relays).as("the redirect names a relay").anyMatch(atOnce.headers().firstValue("Location").orElseThrow()::startsWith);

            // a viewer plays past 8 segments, every HTTP byte from a relay
            viewer = Viewer.openLiveRecordingResponses(gateway + "/live/" + room);
            Viewer v = viewer;
            JsonNode st = v.await("past 8 segments of live", Duration.ofMinutes(3),
                    x -> x.path("playedSeconds").asDouble() > 8 * SEGMENT_SECONDS || x.path("errors").size() > 0);
            assertThat(st.path("errors")).as("player errors").isEmpty();
            assertThat(st.path("rejected")).as("segments refused").isEmpty();
            assertThat(st.path("httpBytes").asLong()).isPositive();
            // every segment's bytes came from a relay; the gateway never names a shielded origin, and when no relay reported
            // a segment within its wait it says to ask again (503), never that the segment does not exist
            List<JsonNode> segmentResponses = new ArrayList<>();
            int notYet = 0;
            for (JsonNode r : v.responses()) {
                String url = r.path("url").asText();
                assertThat(url).as("the page reached the origin").doesNotContain(originPort);
                if (!url.contains("/segments/")) {
                    continue;
                }
                if (r.path("status").asInt() == 200 || r.path("status").asInt() == 206) {
                    segmentResponses.add(r);
                } else {
                    assertThat(url).as("a segment no relay held yet: the gateway's 503").startsWith(gateway + "/live/" + room + "/segments/");
                    assertThat(r.path("status").asInt()).isEqualTo(503);
                    notYet++;
                }
            }
            assertThat(segmentResponses).as("segments over HTTP").isNotEmpty();
            long bytes = 0;
            for (JsonNode r : segmentResponses) {
                assertThat(relays).as("a segment from %s", r.path("url").asText()).anyMatch(relay -> r.path("url").asText().startsWith(relay + "/segments/"));
                bytes += r.path("bytes").asLong();
            }
            System.out.println("LiveRelayIT: " + segmentResponses.size() + " segment responses, " + bytes + " bytes, all from relays "
                    + relays + " (" + notYet + " answered 503: no relay held them within the gateway's wait); page stats httpBytes " + v.stats().path("httpBytes").asLong());
            assertThat(bytes).isPositive();
            assertThat(v.text("body")).doesNotContain(origin).doesNotContain(originPort);
            for (int width : new int[] {1280, 390}) {
                v.width(width);
                v.screenshot(Path.of("target/screenshots/live-relay-" + width + ".png"));
            }

            // the creator ends the room; the origin follows with the recording, which the gateway registers itself (the
            // creator does nothing more): the shield protected the broadcast, the recording's source is the origin
            HttpResponse<String> end = post(gateway + "/api/live/rooms/" + room + "/end", JSON.createObjectNode(),
                    Map.of("Authorization", "Bearer " + creatorToken));
            assertThat(end.statusCode()).as(end.body()).isEqualTo(200);
            await("the recording registered by the gateway").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("ENDED") && room(room).path("contentId").isTextual());
            String contentId = room(room).path("contentId").asText();
            JsonNode located = JSON.readTree(get(stack.url("marketplace") + "/api/locate/" + contentId, Map.of()).body());
            assertThat(located.path("sources").findValuesAsText("url")).as(located.toString()).contains(origin);
            HttpResponse<byte[]> recorded = HTTP.send(HttpRequest.newBuilder(URI.create(located.path("sources").get(0).path("url").asText()
                    + "/segments/" + sha + ".ts")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(recorded.statusCode()).as("the recording's segment, unsigned").isEqualTo(200);
            assertThat(Sha256.of(recorded.body()).hex()).isEqualTo(sha);
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
            if (stream != null) {
                stream.close();
            }
            if (viewer != null) {
                viewer.close();
            }
        }
    }

    /**
     * A shielded fMP4 room whose creator chose one of the two relays: only that one carries it, init segment included;
     * the other's claim and its signed request at the origin are refused (403); ffmpeg plays the gateway's playlist, whose
     * every redirect names the chosen relay. Then the creator swaps the relays: the one removed is no longer named at once,
     * and the origin refuses it.
     */
    @Test
    void aShieldedFmp4RoomIsCarriedByTheRelayItsCreatorChoseOnly() throws Exception {
        SigningKey chosen = SigningKey.fromFile(state.resolve("agent-2/store/agent.key"));
        SigningKey other = SigningKey.fromFile(state.resolve("agent-3/store/agent.key"));
        String chosenUrl = stack.url("agent-2");
        String otherUrl = stack.url("agent-3");
        HttpResponse<String> opened = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "Chosen")
                .put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", SEGMENT_SECONDS)
                .put("maxDelaySeconds", 4 * SEGMENT_SECONDS).put("shieldOrigin", true)
                .set("chosenRelays", JSON.createArrayNode().add(chosen.address().lowerHex())), Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String room = JSON.readTree(opened.body()).path("room").asText();
        assertThat(JSON.readTree(opened.body()).path("chosenRelays")).hasSize(1);
        assertThat(JSON.readTree(opened.body()).path("chosenRelays").get(0).asText()).isEqualTo(chosen.address().toString());
        HttpResponse<String> atOrigin = post(origin + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway).put("shielded", true), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        String ingest = origin + JSON.readTree(atOrigin.body()).path("ingestPath").asText() + "index.m3u8";

        Process push = LiveEncoder.pushFmp4(ingest, 600, SEGMENT_SECONDS, Files.createTempFile("ffmpeg-fmp4", ".log"));
        try {
            await("the chosen relay at the live edge").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode sources = room(room).path("sources");
                return sources.size() == 1 && sources.get(0).path("held").path("index").asLong(-1) >= 2;
            });
            JsonNode view = room(room);
            assertThat(view.path("origin").isNull()).isTrue();
            assertThat(view.path("sources").get(0).path("url").asText()).isEqualTo(chosenUrl);
            assertThat(relaysListed(room)).containsExactly(chosen.address().toString());

            // the other relay: its claim refused, nothing stored; its signed request refused at the origin
            problem(claim(room, RelayClaim.sign(other, room, otherUrl, System.currentTimeMillis(), 0, 0, Map.of())), 403, "relay-not-chosen");
            assertThat(relaysListed(room)).containsExactly(chosen.address().toString());
            assertThat(room(room).path("sources").toString()).doesNotContain(otherUrl);

            // the init segment: named by the playlist, redirected to the chosen relay, its bytes the announced ones
            String playlist = get(gateway + "/live/" + room + "/index.m3u8", Map.of()).body();
            Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"[^\"]*segments/([0-9a-f]{64})\\.mp4\"").matcher(playlist);
            assertThat(map.find()).as(playlist).isTrue();
            String init = map.group(1);
            Matcher media = Pattern.compile("segments/([0-9a-f]{64})\\.m4s").matcher(playlist);
            List<String> names = new ArrayList<>();
            while (media.find()) {
                names.add(media.group(1) + ".m4s");
            }
            assertThat(names).hasSizeGreaterThan(1);
            // the init and the newest segments (the oldest the playlist lists may slide out of the relay's window meanwhile)
            names = new ArrayList<>(names.subList(Math.max(0, names.size() - 3), names.size()));
            names.add(0, init + ".mp4");
            for (String name : names) {
                HttpResponse<String> redirect = get(gateway + "/live/" + room + "/segments/" + name, Map.of());
                assertThat(redirect.statusCode()).as("%s: %s", name, redirect.body()).isEqualTo(302);
                assertThat(redirect.headers().firstValue("Location")).as(name).hasValue(chosenUrl + "/segments/" + name);
            }
            HttpResponse<byte[]> initBytes = HTTP.send(HttpRequest.newBuilder(URI.create(chosenUrl + "/segments/" + init + ".mp4")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(initBytes.statusCode()).isEqualTo(200);
            assertThat(initBytes.headers().firstValue("Content-Type")).hasValue("video/mp4");
            assertThat(Sha256.of(initBytes.body()).hex()).isEqualTo(init);
            // the origin: unsigned, or signed by the relay not chosen, refused; signed by the chosen one, served
            problem(get(origin + "/segments/" + init + ".mp4", Map.of()), 403, "forbidden");
            problem(get(origin + "/segments/" + init + ".mp4", signedBy(other, init)), 403, "forbidden");
            assertThat(get(origin + "/segments/" + init + ".mp4", signedBy(chosen, init)).statusCode()).isEqualTo(200);

            // a stock client plays the room through the gateway's redirects: the shielded origin serves no unsigned request,
            // so every byte it got came from the relay
            StockClients.FfmpegRun run = StockClients.ffmpegPlaysFor(gateway + "/live/" + room + "/index.m3u8", 3 * SEGMENT_SECONDS);
            assertThat(run.exit()).as("ffmpeg played the fMP4 room: %s", run.complaints()).isZero();
            assertThat(run.videoPackets()).isPositive();

            // and so does a browser: past 4 segments, no error, every segment response (the init's included) from the relay
            try (Viewer v = Viewer.openLiveRecordingResponses(gateway + "/live/" + room)) {
                JsonNode st = v.await("past 4 segments of fMP4 live", Duration.ofMinutes(2),
                        x -> x.path("playedSeconds").asDouble() > 4 * SEGMENT_SECONDS || x.path("errors").size() > 0);
                assertThat(st.path("errors")).as("player errors").isEmpty();
                assertThat(st.path("rejected")).as("segments refused").isEmpty();
                List<String> fetched = new ArrayList<>();
                for (JsonNode r : v.responses()) {
                    String url = r.path("url").asText();
                    if (url.contains("/segments/") && (r.path("status").asInt() == 200 || r.path("status").asInt() == 206)) {
                        fetched.add(url);
                    }
                }
                assertThat(fetched).as("the init segment, over HTTP").anyMatch(u -> u.endsWith("/segments/" + init + ".mp4"));
                assertThat(fetched).as("fMP4 segments, over HTTP").anyMatch(u -> u.endsWith(".m4s"));
                assertThat(fetched).allMatch(u -> u.startsWith(chosenUrl + "/segments/"), "from the chosen relay");
                // what the relay served is measured there and reported in its claim: the room API shows its upload
                await("the chosen relay's measured upload").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> room(room).path("sources").path(0).path("uploadBytesPerSecond").asLong() > 0);
                JsonNode measured = room(room).path("sources").get(0);
                System.out.println("LiveRelayIT: the chosen relay as the room API ranks it: " + measured);
                assertThat(measured.path("uplinkBytesPerSecond").asLong()).as("the default uplink, 20 Mbit/s").isEqualTo(2_500_000);
                assertThat(measured.path("load").asDouble()).isPositive();
            }

            // the creator swaps the relays: the one removed is no longer named at once, the origin refuses it as soon as the
            // room's event stream tells it (event: relays), and the relay removed lets the room go
            HttpResponse<String> swapped = put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode()
                    .set("chosenRelays", JSON.createArrayNode().add(other.address().toString())), creatorToken);
            long swappedAt = System.nanoTime();
            assertThat(swapped.statusCode()).as(swapped.body()).isEqualTo(200);
            assertThat(JSON.readTree(swapped.body()).path("sources").toString()).doesNotContain(chosenUrl);
            assertThat(relaysListed(room)).doesNotContain(chosen.address().toString());
            problem(claim(room, RelayClaim.sign(chosen, room, chosenUrl, System.currentTimeMillis() + 1000, 0, 0, Map.of())), 403,
                    "relay-not-chosen");
            await("the origin refuses the relay removed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> get(origin + "/segments/" + init + ".mp4", signedBy(chosen, init)).statusCode() == 403);
            // a figure for docs/live.md, not a threshold: how soon the origin heard of it (its own reading is every 2 s)
            System.out.printf("LiveRelayIT: the origin refused the relay removed %d ms after the creator's change was answered%n",
                    (System.nanoTime() - swappedAt) / 1_000_000);
            await("the relay removed lets the room go").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(chosenUrl + "/segments/" + init + ".mp4", Map.of()).statusCode() == 404);
            await("the relay chosen now carries the room").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> relaysListed(room).contains(other.address().toString()));
            assertThat(room(room).path("sources").findValuesAsText("url")).containsExactly(otherUrl);
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void relayClaimsThatAreForgedStaleReplayedOrForNoRoomAreRefusedAndNothingIsStored() throws Exception {
        String room = open("Claims", false);
        SigningKey relay = SigningKey.generate();
        SigningKey other = SigningKey.generate();
        long now = System.currentTimeMillis();

        // forged: names the relay's address, signed by another key
        RelayClaim honest = RelayClaim.sign(relay, room, "http://127.0.0.1:1", now, 0, 0, Map.of());
        RelayClaim forged = new RelayClaim(1, room, relay.address().toString(), "http://127.0.0.1:1", now, 0, 0, Map.of(),
                RelayClaim.sign(other, room, "http://127.0.0.1:1", now, 0, 0, Map.of()).signature(), null, null);
        problem(claim(room, forged), 422, "signature-invalid");
        // stale: signed a minute ago
        problem(claim(room, RelayClaim.sign(relay, room, "http://127.0.0.1:1", now - 60_000, 0, 0, Map.of())), 409, "replayed");
        // for another room than the one it is sent to
        problem(claim(UUID.randomUUID().toString(), honest), 400, "invalid-request");
        // an unknown room
        String unknown = UUID.randomUUID().toString();
        problem(claim(unknown, RelayClaim.sign(relay, unknown, "http://127.0.0.1:1", now, 0, 0, Map.of())), 404, "room-not-found");
        assertThat(JSON.readTree(get(gateway + "/api/live/rooms/" + room + "/relays", Map.of()).body()).path("agents"))
                .as("nothing stored").isEmpty();

        // the honest claim is taken; sent again (a replay) it is refused
        HttpResponse<String> taken = claim(room, honest);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        problem(claim(room, honest), 409, "replayed");
        JsonNode listed = JSON.readTree(get(gateway + "/api/live/rooms/" + room + "/relays", Map.of()).body()).path("agents");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).asText()).isEqualToIgnoringCase(relay.address().toString());

        // an ended room (a scheduled room the creator ends is cancelled)
        HttpResponse<String> ended = post(gateway + "/api/live/rooms/" + room + "/end", JSON.createObjectNode(),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        problem(claim(room, RelayClaim.sign(other, room, "http://127.0.0.1:2", System.currentTimeMillis(), 0, 0, Map.of())), 409, "room-ended");
        problem(put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode()
                .set("chosenRelays", JSON.createArrayNode().add(relay.address().toString())), creatorToken), 409, "room-ended");
        assertThat(JSON.readTree(get(gateway + "/api/live/rooms/" + room + "/relays", Map.of()).body()).path("agents").toString())
                .doesNotContain(other.address().toString().toLowerCase()).doesNotContain(other.address().toString());
    }

    @Test
    void aRoomsChosenRelaysAreCheckedAndOnlyItsCreatorChangesThem() throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode nine = JSON.createArrayNode();
        for (int i = 0; i < 9; i++) {
            nine.add(SigningKey.generate().address().toString());
        }
        for (JsonNode bad : List.of(JSON.createArrayNode().add("agent-2"), JSON.createArrayNode().add("0x1234"), nine, JSON.createArrayNode())) {
            HttpResponse<String> refused = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "Bad relays")
                    .put("creator", DemoKeys.creator().address().toString()).set("chosenRelays", bad), Map.of("Authorization", "Bearer " + creatorToken));
            problem(refused, 400, "invalid-request");
        }
        String room = open("Relays later", false);
        assertThat(room(room).path("chosenRelays").isNull()).as("no list: any agent").isTrue();
        String a = SigningKey.generate().address().toString();
        problem(put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode().set("chosenRelays",
                JSON.createArrayNode().add(a)), null), 401, "unauthorized");
        problem(put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode().set("chosenRelays",
                JSON.createArrayNode().add(a)), DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator2")), 403, "forbidden");
        problem(put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode().set("chosenRelays", nine), creatorToken),
                400, "invalid-request");
        assertThat(room(room).path("chosenRelays").isNull()).as("nothing stored").isTrue();
        HttpResponse<String> chose = put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode().set("chosenRelays",
                JSON.createArrayNode().add(a)), creatorToken);
        assertThat(chose.statusCode()).as(chose.body()).isEqualTo(200);
        assertThat(room(room).path("chosenRelays").get(0).asText()).isEqualTo(a);
        HttpResponse<String> any = put(gateway + "/api/live/rooms/" + room + "/chosen-relays", JSON.createObjectNode(), creatorToken);
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        assertThat(room(room).path("chosenRelays").isNull()).as("any agent again").isTrue();
    }

    private static Map<String, String> signedBy(SigningKey relay, String segment) {
        return Map.of(RelayRequest.HEADER, RelayRequest.sign(relay, Sha256.fromHex(segment), System.currentTimeMillis()).header());
    }

    private List<String> relaysListed(String room) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(get(gateway + "/api/live/rooms/" + room + "/relays", Map.of()).body()).path("agents").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static HttpResponse<String> put(String url, JsonNode body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String open(String title, boolean shielded) throws Exception {
        HttpResponse<String> r = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", title)
                .put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", SEGMENT_SECONDS)
                .put("maxDelaySeconds", 4 * SEGMENT_SECONDS).put("shieldOrigin", shielded), Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("room").asText();
    }

    private HttpResponse<String> claim(String room, RelayClaim claim) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/live/rooms/" + room + "/relays"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(claim))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode room(String room) throws Exception {
        return LiveHttp.room(gateway, room);
    }
}
