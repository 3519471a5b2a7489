package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.browser.Viewer;
import dev.shoal.gateway.tracker.WsPeer;
import dev.shoal.gateway.watch.StockClients;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live room end to end on the real product ({@code shoal up --agents 1}: PostgreSQL, Kafka, Keycloak, anvil,
 * marketplace, gateway, agent) plus a second gateway instance on the same database and Kafka: real ffmpeg pushes a
 * two-rendition test pattern to the agent (the room's origin), which signs and sends each announcement; viewers on
 * both gateways receive every one exactly once over SSE; the live playlists play in ffmpeg with its defaults; the
 * room's refusals; the end with #EXT-X-ENDLIST, and the recording registered and played as VOD from the same segments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRoomIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROBLEMS = "https://shoal.dev/problems/";
    private static final SigningKey CREATOR = DemoKeys.creator();
    private static final int SECONDS = 20;

    /** Kept when a test fails: its logs/ say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String secondGateway;
    private Process second;
    private String agent;
    private String operatorToken;
    private String creatorToken;
    private final List<EventStream> streams = new ArrayList<>();

    @BeforeAll
    void upWithOneAgentAndASecondGateway() throws Exception {
        stack = new ShoalStack(state);
        ShoalStack.Run up = stack.shoal("up", "--agents", "1", "--no-sample");
        assertThat(up.exit()).as(up.out()).isZero();
        gateway = stack.url("player-gateway");
        agent = stack.url("agent-1");
        operatorToken = Files.readString(state.resolve("agent-1/store/operator.token")).strip();
        creatorToken = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator");

        // a second instance of the gateway: the first's command line on another port
        ProcessHandle first = ProcessHandle.of(stack.service("player-gateway").path("pid").asLong()).orElseThrow();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(first.info().command().orElseThrow()));
        for (String arg : first.info().arguments().orElseThrow()) {
            command.add(arg.startsWith("-Dquarkus.http.port=") ? "-Dquarkus.http.port=" + port : arg);
        }
        Path log = Files.createDirectories(state.resolve("logs")).resolve("player-gateway-2.log");
        second = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        secondGateway = "http://127.0.0.1:" + port;
        await("the second gateway ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> get(secondGateway + "/q/health/ready").statusCode() == 200);
    }

    @AfterAll
    void down() throws Exception {
        streams.forEach(EventStream::close);
        if (second != null) {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
        if (stack != null) {
            stack.down();
        }
    }

    private String testRoom;
    private Announcement lastOfTestRoom;

    @Test
    @Order(1)
    void aRoomRefusesForgedMislinkedReplayedOutOfOrderAnnouncementsAndASecondOrigin() throws Exception {
        testRoom = open("Refusals", 2).path("room").asText();
        assertThat(room(testRoom).path("state").asText()).isEqualTo("SCHEDULED");
        // viewers on both instances, connected before anything is announced: what they get comes through Kafka
        EventStream one = stream(gateway, testRoom);
        EventStream two = stream(secondGateway, testRoom);

        SigningKey other = SigningKey.generate();
        OriginClaim byOther = OriginClaim.sign(other, testRoom, DemoKeys.agent().address(), "http://127.0.0.1:1", false, 1);
        problem(put("/api/live/rooms/" + testRoom + "/origin", JSON.valueToTree(byOther)), 422, "signature-invalid");
        HttpResponse<String> claimed = put("/api/live/rooms/" + testRoom + "/origin", JSON.valueToTree(
                OriginClaim.sign(CREATOR, testRoom, DemoKeys.agent().address(), "http://127.0.0.1:1", false, 1)));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);

        // the first announcement carries no declared bandwidth (an origin before the encoder's master playlist came)
        Announcement first = Announcement.next(testRoom, "hi", 0, 2_000_000, 1000, Sha256.of(new byte[]{1}), Chain.GENESIS,
                System.currentTimeMillis(), false, RenditionFormat.ts("avc1.64001e", 640, 360, 0));
        HttpResponse<String> accepted = announce(testRoom, first.sign(CREATOR));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).path("accepted").path("hi").asLong()).isZero();
        assertThat(room(testRoom).path("state").asText()).isEqualTo("LIVE");
        await("both instances' viewers got #0 through Kafka").atMost(Duration.ofSeconds(30))
                .until(() -> one.positions().equals(List.of("hi/0")) && two.positions().equals(List.of("hi/0")));

        String masterAtFirst = get(gateway + "/live/" + testRoom + "/master.m3u8").body();
        assertThat(masterAtFirst).contains("BANDWIDTH=4000,RESOLUTION=640x360");

        // the next one does (the master came): the room's master playlist stays what it was
        Announcement next = Announcement.next(testRoom, "hi", 1, 2_000_000, 1000, Sha256.of(new byte[]{2}), first.link(),
                System.currentTimeMillis(), false, RenditionFormat.ts("avc1.64001e", 640, 360, 800_000));
        SignedAnnouncement forged = new SignedAnnouncement(next, CREATOR.address(), other.sign(next.signedText()));
        problem(announce(testRoom, forged), 422, "signature-invalid");
        problem(announce(testRoom, next.sign(other)), 422, "signature-invalid");
        Announcement mislinked = Announcement.next(testRoom, "hi", 1, 2_000_000, 1000, Sha256.of(new byte[]{2}),
                Sha256.of(new byte[]{9}), System.currentTimeMillis(), false, first.format());
        problem(announce(testRoom, mislinked.sign(CREATOR)), 422, "chain-link-mismatch");
        JsonNode replayed = problem(announce(testRoom, first.sign(CREATOR)), 409, "replayed");
        assertThat(replayed.path("accepted").path("hi").asLong()).as("the room's cursor, for the origin to go on from").isZero();
        Announcement gap = Announcement.next(testRoom, "hi", 3, 2_000_000, 1000, Sha256.of(new byte[]{4}), first.link(),
                System.currentTimeMillis(), false, first.format());
        problem(announce(testRoom, gap.sign(CREATOR)), 409, "announcement-out-of-order");
        Announcement otherRoom = Announcement.next("another-room", "hi", 1, 2_000_000, 1000, Sha256.of(new byte[]{2}),
                first.link(), System.currentTimeMillis(), false, first.format());
        problem(announce(testRoom, otherRoom.sign(CREATOR)), 400, "invalid-request");

        OriginClaim secondOrigin = OriginClaim.sign(CREATOR, testRoom, SigningKey.generate().address(), "http://127.0.0.1:2", false, 2);
        problem(put("/api/live/rooms/" + testRoom + "/origin", JSON.valueToTree(secondOrigin)), 409, "origin-conflict");

        // nothing of the refused was stored: the chain is still at #0, and the next valid one extends it
        assertThat(room(testRoom).path("renditions").path("hi").asLong()).isZero();
        HttpResponse<String> extended = announce(testRoom, next.sign(CREATOR));
        lastOfTestRoom = next;
        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        await("both viewers got #1 once").atMost(Duration.ofSeconds(30))
                .until(() -> one.positions().equals(List.of("hi/0", "hi/1")) && two.positions().equals(List.of("hi/0", "hi/1")));
        // one master for every viewer, whenever they join: viewers' swarms are named after what it says of a rendition
        assertThat(get(gateway + "/live/" + testRoom + "/master.m3u8").body()).isEqualTo(masterAtFirst);
        assertThat(get(secondGateway + "/live/" + testRoom + "/master.m3u8").body()).isEqualTo(masterAtFirst);
        problem(post(gateway + "/api/live/rooms/" + testRoom + "/announcements", JSON.createArrayNode(), null), 400, "invalid-request");
        problem(post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "t").put("creator", CREATOR.address().toString()), null),
                401, "unauthorized");
    }

    private String liveRoom;
    private List<JsonNode> originLog;

    @Test
    @Order(2)
    void ffmpegGoesLiveThroughTheOriginAndEveryViewerGetsEveryAnnouncementOnceAndStockClientsPlayIt() throws Exception {
        JsonNode opened = open("Test pattern live", 2);
        liveRoom = opened.path("room").asText();
        EventStream one = stream(gateway, liveRoom);
        EventStream two = stream(secondGateway, liveRoom);
        HttpResponse<String> atOrigin = post(agent + "/api/local/live/rooms", JSON.createObjectNode().put("room", liveRoom)
                .put("gateway", gateway), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        JsonNode origin = JSON.readTree(atOrigin.body());

        Path pushLog = Files.createTempFile("ffmpeg-push", ".log");
        Process push = new ProcessBuilder(ladder(agent + origin.path("ingestPath").asText() + "%v/index.m3u8"))
                .redirectErrorStream(true).redirectOutput(pushLog.toFile()).start();

        // while it is live: the playlists, from verified announcements only, play in ffmpeg with its defaults
        await("the room live with three segments of each rendition").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode r = room(liveRoom);
                    return r.path("state").asText().equals("LIVE") && r.path("renditions").path("hi").asLong(-1) >= 2
                            && r.path("renditions").path("lo").asLong(-1) >= 2;
                });
        String media = get(gateway + "/live/" + liveRoom + "/hi.m3u8").body();
        assertThat(media).contains("#EXT-X-MEDIA-SEQUENCE:", "#EXT-X-PROGRAM-DATE-TIME:", "/live/" + liveRoom + "/segments/")
                .doesNotContain("#EXT-X-ENDLIST");
        String master = get(gateway + "/live/" + liveRoom + "/master.m3u8").body();
        assertThat(master).contains("hi.m3u8", "lo.m3u8", "RESOLUTION=640x360", "CODECS=");
        CompletableFuture<StockClients.FfmpegRun> stock = CompletableFuture.supplyAsync(() -> {
            try {
                return StockClients.ffmpegPlays(gateway + "/live/" + liveRoom + "/master.m3u8");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the pages: the room's, with what the player checks announcements against, and the home page's list
        String page = get(gateway + "/live/" + liveRoom).body();
        assertThat(page).contains("Test pattern live", "data-creator=\"" + CREATOR.address(), "data-segment-seconds=\"2\"",
                "data-max-delay-seconds=\"6\"", "/player/live.js");
        assertThat(get(gateway + "/").body()).contains("data-room=\"" + liveRoom + "\"");
        assertThat(get(gateway + "/embed/live/" + liveRoom).statusCode()).isEqualTo(200);
        JsonNode parsed = StockClients.hlsJsParses(gateway + "/live/" + liveRoom + "/master.m3u8");
        assertThat(parsed.toString()).contains("hi", "lo");

        assertThat(push.waitFor(3, TimeUnit.MINUTES)).as("ffmpeg ended").isTrue();
        assertThat(push.exitValue()).as(Files.readString(pushLog)).isZero();

        // the origin's ENDLIST ends the room with its recording
        await("the room ended by the origin's recording").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> room(liveRoom).path("state").asText().equals("ENDED"));
        originLog = new ArrayList<>();
        JSON.readTree(get(agent + "/api/local/live/rooms/" + liveRoom + "/announcements", Map.of("X-Shoal-Operator-Token", operatorToken))
                .body()).forEach(originLog::add);
        List<String> announced = originLog.stream().map(a -> a.path("rendition").asText() + "/" + a.path("index").asLong()).toList();
        assertThat(announced).hasSizeGreaterThanOrEqualTo(2 * (SECONDS / 2 - 1));
        for (EventStream viewer : List.of(one, two)) {
            await("a viewer got every announcement").atMost(Duration.ofSeconds(30))
                    .until(() -> new HashSet<>(viewer.positions()).equals(new HashSet<>(announced)));
            assertThat(viewer.positions()).as("each exactly once").doesNotHaveDuplicates();
            await("a viewer saw the room end").atMost(Duration.ofSeconds(30)).until(() -> viewer.states.contains("ENDED"));
            assertThat(viewer.announcements).as("the creator's signed announcements, unchanged")
                    .allSatisfy(a -> assertThat(originLog).contains(a));
            // the only viewer at its instance: every new announcement is its turn to seed, once (both instances give one)
            await("a seed turn for each announcement").atMost(Duration.ofSeconds(30))
                    .until(() -> new HashSet<>(viewer.seedTurns()).equals(new HashSet<>(announced)));
            assertThat(viewer.seedTurns()).as("each once").doesNotHaveDuplicates();
            assertThat(viewer.seeds).as("naming the announced segment").allSatisfy(t -> assertThat(originLog).anySatisfy(a -> {
                assertThat(a.path("rendition")).isEqualTo(t.path("rendition"));
                assertThat(a.path("index")).isEqualTo(t.path("index"));
                assertThat(a.path("sha256")).isEqualTo(t.path("sha256"));
            }));
        }
        assertThat(one.states).containsSubsequence("LIVE", "ENDED");

        assertThat(get(gateway + "/live/" + liveRoom + "/hi.m3u8").body()).contains("#EXT-X-ENDLIST");
        StockClients.FfmpegRun run = stock.get(3, TimeUnit.MINUTES);
        assertThat(run.exit()).as("ffmpeg read the live playlists: %s", run.complaints()).isZero();
        assertThat(run.videoPackets()).isPositive();

        // a segment is a redirect to the origin, which serves the announced bytes
        JsonNode a0 = originLog.get(0);
        HttpResponse<String> redirect = get(gateway + "/live/" + liveRoom + "/segments/" + a0.path("sha256").asText() + ".ts");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/segments/" + a0.path("sha256").asText() + ".ts");
        byte[] bytes = HTTP.send(HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(Sha256.of(bytes).hex()).isEqualTo(a0.path("sha256").asText());

        // an ended room takes no more announcements
        problem(announce(liveRoom, SignedAnnouncement.fromJsonTree(originLog.get(originLog.size() - 1))), 409, "room-ended");
    }

    @Test
    @Order(3)
    void theRecordingIsRegisteredAndPlaysAsVodFromTheSameSegments() throws Exception {
        HttpResponse<String> ended = post(gateway + "/api/live/rooms/" + liveRoom + "/end", JSON.createObjectNode(),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        String contentId = JSON.readTree(ended.body()).path("contentId").asText();
        assertThat(contentId).matches("[0-9a-f]{64}");

        List<String> live = originLog.stream().filter(a -> a.path("rendition").asText().equals("hi"))
                .map(a -> a.path("sha256").asText()).toList();
        String vod = get(gateway + "/vod/" + contentId + "/hi.m3u8").body();
        List<String> vodSegments = vod.lines().filter(l -> l.contains("segments/"))
                .map(l -> l.replaceAll(".*segments/([0-9a-f]{64}).*", "$1")).toList();
        assertThat(vodSegments).as("the recording's segments are the broadcast's").isEqualTo(live);
        assertThat(get(gateway + "/watch/" + contentId).statusCode()).isEqualTo(200);
        StockClients.FfmpegRun run = StockClients.ffmpegPlays(gateway + "/vod/" + contentId + "/master.m3u8");
        assertThat(run.exit()).as("ffmpeg played the recording: %s", run.complaints()).isZero();
        assertThat(run.complaints()).isEmpty();

        // archive in one step: the order for the recording is placed with the creator's token
        HttpResponse<String> archived = post(gateway + "/api/live/rooms/" + liveRoom + "/archive", JSON.createObjectNode()
                .put("replicas", 5).put("epochs", 2).put("maxPricePerGbMonth", "86400"),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(201);
        JsonNode order = JSON.readTree(archived.body()).path("order");
        assertThat(order.path("contentId").asText()).isEqualTo(contentId);
        assertThat(order.path("replicas").asInt()).isEqualTo(5);
        problem(post(gateway + "/api/live/rooms/" + liveRoom + "/archive", JSON.createObjectNode().put("replicas", 4).put("epochs", 2)
                .put("maxPricePerGbMonth", "1"), Map.of("Authorization", "Bearer " + creatorToken)), 400, "invalid-request");
        problem(post(gateway + "/api/live/rooms/" + liveRoom + "/archive", JSON.createObjectNode().put("replicas", 5).put("epochs", 2)
                .put("maxPricePerGbMonth", "0.0000001"), Map.of("Authorization", "Bearer " + creatorToken)), 400, "invalid-request");

        // ending again gives the same content
        HttpResponse<String> again = post(gateway + "/api/live/rooms/" + liveRoom + "/end", JSON.createObjectNode(),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(JSON.readTree(again.body()).path("contentId").asText()).isEqualTo(contentId);
        JsonNode liveNow = JSON.readTree(get(gateway + "/api/live/rooms?state=LIVE").body());
        assertThat(liveNow.findValuesAsText("room")).doesNotContain(liveRoom);
    }

    @Test
    @Order(4)
    void aRoomWhoseOriginFellSilentIsInterruptedAndTheNextAnnouncementResumesItsChain() throws Exception {
        await("the silent room interrupted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> room(testRoom).path("state").asText().equals("INTERRUPTED"));
        assertThat(JSON.readTree(get(gateway + "/api/live/rooms?state=INTERRUPTED").body()).findValuesAsText("room")).contains(testRoom);
        Announcement resumed = Announcement.next(testRoom, "hi", 2, 2_000_000, 1000, Sha256.of(new byte[]{3}), lastOfTestRoom.link(),
                System.currentTimeMillis(), true, lastOfTestRoom.format());
        HttpResponse<String> r = announce(testRoom, resumed.sign(CREATOR));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(room(testRoom).path("state").asText()).isEqualTo("LIVE");

        // a viewer whose stream broke after #0 reconnects (EventSource sends the last event's id): it gets what it
        // missed, #1 and #2, not the window again; an id naming no announcement of the room gets the window
        EventStream resumedViewer = new EventStream(HTTP, gateway + "/live/" + testRoom + "/events", testRoom + "/hi/0");
        streams.add(resumedViewer);
        await("what the viewer missed").atMost(Duration.ofSeconds(30)).until(() -> resumedViewer.positions().size() >= 2);
        assertThat(resumedViewer.positions()).containsExactly("hi/1", "hi/2");
        EventStream unknown = new EventStream(HTTP, secondGateway + "/live/" + testRoom + "/events", testRoom + "/hi/99");
        streams.add(unknown);
        await("the window").atMost(Duration.ofSeconds(30)).until(() -> unknown.positions().size() >= 3);
        assertThat(unknown.positions()).containsExactly("hi/0", "hi/1", "hi/2");
    }

    /**
     * Three real browsers on a room fed by real ffmpeg in two renditions and 8 s segments (the default): each plays
     * past 60 s of live, never further behind the origin than the room's maximum delay, with no player error; viewers
     * send each other live segments over WebRTC; the origin (ffmpeg and its agent) killed mid-broadcast makes the
     * page say "Interrupted" and nothing stale plays; restarted, the chain continues and so do the viewers.
     */
    @Test
    @Order(5)
    void threeBrowsersWatchLiveRelayToEachOtherAndRideOutTheOriginsDeath() throws Exception {
        Viewer.requireBrowser();
        int segment = 8;
        // four segments of maximum delay: room for three viewers a clear distance apart behind the origin
        int maxDelay = 4 * segment;
        JsonNode opened = open("Three viewers", segment, maxDelay);
        String room = opened.path("room").asText();
        HttpResponse<String> atOrigin = post(agent + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        String ingest = agent + JSON.readTree(atOrigin.body()).path("ingestPath").asText() + "%v/index.m3u8";

        // the tracker is private for live too: a room's swarm is refused until the room is on the air
        String swarm = gateway.replace("http://", "ws://") + "/tracker/live-" + room;
        try (WsPeer early = WsPeer.connect(URI.create(swarm), "127.0.0.1")) {
            assertThat(early.next().path("failure reason").asText()).isEqualTo("no live room " + room + " on the air");
            early.awaitClose();
        }

        Path pushLog = Files.createTempFile("ffmpeg-live", ".log");
        Process push = ffmpeg(ingest, 600, segment, pushLog);
        List<Viewer> viewers = new ArrayList<>();
        Process restartedAgent = null;
        try {
            await("the room live").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("LIVE"));
            try (WsPeer onAir = WsPeer.connect(URI.create(swarm), "127.0.0.1")) {
                onAir.send(JSON.createObjectNode().put("action", "scrape"));
                assertThat(onAir.next().path("action").asText()).as("a live room's swarm is served").isEqualTo("scrape");
            }
            // each viewer a different distance behind the edge (the player draws it at random; fixed here so that the
            // one ahead fetches and the others have time to take it from it). 3 s apart: on a loaded machine the way of
            // an announcement to each page, part of each viewer's target, differs between pages by a second or more
            for (String lag : List.of("0", "3", "6")) {
                Viewer tv = Viewer.openLive(gateway + "/live/" + room + "?lag=" + lag);
                if (Boolean.getBoolean("shoal.trace.browser")) {
                    tv.script("localStorage.setItem('debug','p2pml-core:*')");
                    tv.navigate(gateway + "/live/" + room + "?lag=" + lag);
                }
                viewers.add(tv);
            }
            for (Viewer v : viewers) {
                JsonNode st = v.await("past 60 s of live", Duration.ofMinutes(4), x -> x.path("playedSeconds").asDouble() > 60
                        || x.path("errors").size() > 0);
                assertThat(st.path("errors")).as("player errors").isEmpty();
                assertThat(st.path("rejected")).as("segments refused").isEmpty();
                assertThat(st.path("maxDelayMs").asLong()).as("never further behind the origin than the room's maximum delay")
                        .isPositive().isLessThanOrEqualTo(1000L * maxDelay);
                assertThat(st.path("stalePlays").asInt()).isZero();
            }
            // a viewer receives live segments from another over WebRTC, by the players' own counters: bytes from a peer
            // that p2p-media-loader delivered and the page checked against a verified announcement, and the other end
            // counted them as uploaded. It holds because each viewer keeps its own distance behind the origin (steered by
            // the wall clock, live-steering.js): the one 3 s back needs each segment well after the one in front has it
            try {
                await("a viewer has live bytes from another over WebRTC").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            List<JsonNode> now = viewers.stream().map(Viewer::stats).toList();
                            return now.stream().anyMatch(x -> x.path("segmentsFromPeers").asInt() > 0 && x.path("p2pBytes").asLong() > 0)
                                    && now.stream().anyMatch(x -> x.path("uploadedBytes").asLong() > 0);
                        });
                // what the relay looked like, in the build's output (where each viewer sat, what it took from whom)
                System.out.println("LiveRoomIT relay: " + viewers.stream().map(v -> relaySummary(v.stats())).toList());
            } catch (ConditionTimeoutException e) {
                for (int i = 0; i < viewers.size(); i++) {
                    Files.writeString(Path.of("target/live-stats-" + i + ".json"), viewers.get(i).stats().toString());
                    if (Boolean.getBoolean("shoal.trace.browser")) {
                        StringBuilder b = new StringBuilder();
                        for (var entry : viewers.get(i).driverLogs()) b.append(entry).append('\n');
                        Files.writeString(Path.of("target/live-trace-" + i + ".log"), b);
                    }
                }
                throw new AssertionError("no viewer received live bytes from another over WebRTC within 2 minutes; the viewers: "
                        + viewers.stream().map(v -> relaySummary(v.stats())).toList(), e);
            }
            for (Viewer v : viewers) {
                JsonNode st = v.stats();
                assertThat(st.path("rejected")).as("segments refused, from peers too").isEmpty();
                assertThat(st.path("peersEver").asInt()).as("each viewer met the others in the room's swarm").isPositive();
            }

            // the origin dies: ffmpeg and its agent
            ProcessHandle agentProcess = ProcessHandle.of(stack.service("agent-1").path("pid").asLong()).orElseThrow();
            List<String> agentCommand = new ArrayList<>(List.of(agentProcess.info().command().orElseThrow()));
            agentCommand.addAll(List.of(agentProcess.info().arguments().orElseThrow()));
            Path agentDir = Files.readSymbolicLink(Path.of("/proc/" + agentProcess.pid() + "/cwd"));
            push.destroyForcibly();
            agentProcess.destroyForcibly();
            assertThat(agentProcess.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            await("the room interrupted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> room(room).path("state").asText().equals("INTERRUPTED"));
            for (Viewer v : viewers) {
                v.await("the page says interrupted", Duration.ofSeconds(30), x -> x.path("state").asText().equals("INTERRUPTED"));
                assertThat(v.text(".badge[data-state]")).isEqualTo("Interrupted");
            }
            List<Double> playedAtInterruption = viewers.stream().map(v -> v.stats().path("playedSeconds").asDouble()).toList();

            // restarted: the same agent on its data, the encoder anew; the room resumes and the chain continues
            Path agentLog = state.resolve("logs").resolve("agent-1-restarted.log");
            restartedAgent = new ProcessBuilder(agentCommand).directory(agentDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(agentLog.toFile()).start();
            await("the origin back").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> get(agent + "/api/local/live/rooms/" + room, Map.of("X-Shoal-Operator-Token", operatorToken))
                            .statusCode() == 200);
            // the last segment of the killed session, as the origin kept it (read before the new session starts: a
            // segment completed just before the kill may have been announced after the room was read)
            long lastBefore = 0;
            for (JsonNode a : JSON.readTree(get(agent + "/api/local/live/rooms/" + room + "/announcements",
                    Map.of("X-Shoal-Operator-Token", operatorToken)).body())) {
                if (a.path("rendition").asText().equals("hi")) {
                    lastBefore = Math.max(lastBefore, a.path("index").asLong());
                }
            }
            long lastOfKilledSession = lastBefore;
            push = ffmpeg(ingest, 600, segment, Files.createTempFile("ffmpeg-live-again", ".log"));
            await("the room live again, its chain continued").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonNode r = room(room);
                        return r.path("state").asText().equals("LIVE") && r.path("renditions").path("hi").asLong() > lastOfKilledSession + 1;
                    });
            List<JsonNode> log = new ArrayList<>();
            JSON.readTree(get(agent + "/api/local/live/rooms/" + room + "/announcements", Map.of("X-Shoal-Operator-Token", operatorToken))
                    .body()).forEach(log::add);
            JsonNode resumed = log.stream().filter(a -> a.path("rendition").asText().equals("hi") && a.path("index").asLong() == lastOfKilledSession + 1)
                    .findFirst().orElseThrow();
            assertThat(resumed.path("discontinuity").asBoolean()).as("the new session's first segment: %s", resumed).isTrue();
            for (int i = 0; i < viewers.size(); i++) {
                double before = playedAtInterruption.get(i);
                JsonNode st = viewers.get(i).await("playing again after the restart", Duration.ofMinutes(2),
                        x -> x.path("playedSeconds").asDouble() > before + 2 * segment || x.path("errors").size() > 0);
                assertThat(st.path("state").asText()).isEqualTo("LIVE");
                assertThat(st.path("errors")).as("player errors").isEmpty();
                assertThat(st.path("rejected")).as("segments refused").isEmpty();
                assertThat(st.path("stalePlays").asInt()).as("nothing older than the maximum delay played").isZero();
                assertThat(st.path("maxDelayMs").asLong()).isLessThanOrEqualTo(1000L * maxDelay);
            }
        } finally {
            viewers.forEach(Viewer::close);
            push.destroyForcibly();
            if (restartedAgent != null) {
                restartedAgent.destroy();
                if (!restartedAgent.waitFor(30, TimeUnit.SECONDS)) {
                    restartedAgent.destroyForcibly();
                }
            }
        }
    }

    // --- helpers

    private static Process ffmpeg(String target, int seconds, int segment, Path log) throws Exception {
        return LiveEncoder.push(target, seconds, segment, log);
    }

    private JsonNode open(String title, int segmentSeconds) throws Exception {
        return open(title, segmentSeconds, 3 * segmentSeconds);
    }

    private JsonNode open(String title, int segmentSeconds, int maxDelaySeconds) throws Exception {
        HttpResponse<String> r = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", title)
                .put("creator", CREATOR.address().toString()).put("segmentSeconds", segmentSeconds)
                .put("maxDelaySeconds", maxDelaySeconds), Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    /** What tells why viewers did or did not relay: where each sat, whom it met, what it took from where. */
    private static String relaySummary(JsonNode st) {
        return JSON.createObjectNode().put("lag", st.path("lagSeconds").asDouble()).put("targetMs", st.path("targetMs").asLong())
                .put("wayMs", st.path("announcementWayMs").asLong()).put("delayMs", st.path("delayMs").asLong())
                .put("peers", st.path("peers").asInt()).put("peersEver", st.path("peersEver").asInt())
                .put("fromPeers", st.path("segmentsFromPeers").asInt()).put("overHttp", st.path("segmentsOverHttp").asInt())
                .put("p2pBytes", st.path("p2pBytes").asLong()).put("uploadedBytes", st.path("uploadedBytes").asLong())
                .put("heldMs", st.path("heldMs").asLong()).put("stalls", st.path("stalls").size()).put("levelSwitches", st.path("levelSwitches").asInt())
                .set("bytesByLevel", st.path("bytesByLevel")).toString();
    }

    private EventStream stream(String base, String room) {
        EventStream s = new EventStream(HTTP, base + "/live/" + room + "/events");
        streams.add(s);
        await("the event stream open").atMost(Duration.ofSeconds(30)).until(() -> !s.rooms.isEmpty());
        return s;
    }

    private JsonNode room(String room) throws Exception {
        HttpResponse<String> r = get(gateway + "/api/live/rooms/" + room);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> announce(String room, SignedAnnouncement... batch) throws Exception {
        ArrayNode body = JSON.createArrayNode();
        for (SignedAnnouncement a : batch) {
            body.add(a.toJsonTree());
        }
        return post(gateway + "/api/live/rooms/" + room + "/announcements", body, null);
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo(PROBLEMS + type);
        return p;
    }

    private static List<String> ladder(String target) {
        return List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=" + SECONDS,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + SECONDS,
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                "-pix_fmt", "yuv420p", "-s:v:1", "320x180", "-b:v:0", "800k", "-b:v:1", "200k", "-c:a", "aac", "-b:a", "64k",
                "-f", "hls", "-hls_time", "2", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,a:0,name:hi v:1,a:1,name:lo", "-method", "PUT", target);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return get(url, Map.of());
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, JsonNode body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (headers != null) {
            headers.forEach(b::header);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
