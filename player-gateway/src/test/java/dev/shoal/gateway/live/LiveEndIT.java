package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.browser.Viewer;
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
import java.util.concurrent.TimeUnit;

import static dev.shoal.gateway.live.LiveHttp.get;
import static dev.shoal.gateway.live.LiveHttp.post;
import static dev.shoal.gateway.live.LiveHttp.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "End broadcast" on the real product ({@code shoal up --agents 1}: PostgreSQL, Kafka, Keycloak, anvil, marketplace,
 * gateway, agent), real ffmpeg pushing to the agent (the room's origin) and real Chromium: the creator signs in through
 * Keycloak's login form on the room's page and ends the broadcast; the room goes ENDING, its event stream says
 * {@code end}, the origin follows it (its ingest refuses the encoder, it sends the recording) and the room is ENDED;
 * a viewer's page shows it. Another creator's end is refused with 403 problem+json, an anonymous one with 401. Then
 * {@code shoal live end --archive N} places the order for the recording. Screenshots of the creator's page at 1280 and
 * 390 px go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROBLEMS = "https://shoal.dev/problems/";

    /** Kept when a test fails: its logs/ say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String agent;
    private String operatorToken;
    private String creatorToken;
    private String otherCreatorToken;

    @BeforeAll
    void upWithOneAgent() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        ShoalStack.Run up = stack.shoal("up", "--agents", "1", "--no-sample");
        assertThat(up.exit()).as(up.out()).isZero();
        gateway = stack.url("player-gateway");
        agent = stack.url("agent-1");
        operatorToken = Files.readString(state.resolve("agent-1/store/operator.token")).strip();
        String issuer = stack.url("keycloak") + "/realms/shoal";
        creatorToken = DemoUsers.accessToken(issuer, "creator");
        otherCreatorToken = DemoUsers.accessToken(issuer, "creator2");
    }

    @AfterAll
    void down() throws Exception {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void theCreatorEndsTheBroadcastFromThePageAndTheOriginFollows() throws Exception {
        HttpResponse<String> opened = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "Ends from the page")
                .put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", 2),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String room = JSON.readTree(opened.body()).path("room").asText();
        HttpResponse<String> atOrigin = post(agent + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        String ingestPath = JSON.readTree(atOrigin.body()).path("ingestPath").asText();
        EventStream stream = new EventStream(HTTP, gateway + "/live/" + room + "/events");

        Path pushLog = Files.createTempFile("ffmpeg-end", ".log");
        Process push = ffmpeg(agent + ingestPath + "%v/index.m3u8", pushLog);
        List<Viewer> browsers = new ArrayList<>();
        try {
            await("the room live").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("LIVE") && room(room).path("renditions").path("hi").asLong(-1) >= 1);

            // refusals: no bearer, another creator; the room stays live
            problem(post(gateway + "/api/live/rooms/" + room + "/end", JSON.createObjectNode(), Map.of()), 401, "unauthorized");
            problem(post(gateway + "/api/live/rooms/" + room + "/end", JSON.createObjectNode(),
                    Map.of("Authorization", "Bearer " + otherCreatorToken)), 403, "forbidden");
            assertThat(room(room).path("state").asText()).isEqualTo("LIVE");
            assertThat(stream.ends).isEmpty();

            // a viewer's page: no End button, a sign-in link for the creator
            Viewer viewer = Viewer.openLive(gateway + "/live/" + room);
            browsers.add(viewer);
            await("the viewer's page").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> viewer.text("h1 [data-state]").equals("LIVE"));
            assertThat(viewer.visible("[data-end]")).isFalse();

            // the creator: the page's link, Keycloak's login form, back on the room's page with "End broadcast"
            Viewer creator = Viewer.openLive(gateway + "/live/" + room);
            browsers.add(creator);
            await("the sign-in link").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> creator.visible(".creator-link a"));
            creator.click(".creator-link a");
            await("Keycloak's login form").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> creator.visible("#username"));
            creator.type("#username", "creator");
            creator.type("#password", DemoUsers.password("creator"));
            creator.click("#kc-login");
            await("back on the room's page, signed in").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> creator.url().startsWith(gateway + "/studio/live/" + room) && creator.visible("[data-end]"));
            assertThat(creator.text("[data-end]")).isEqualTo("End broadcast");
            for (int width : new int[] {1280, 390}) {
                creator.width(width);
                assertThat(creator.sidewaysOverflow()).isEqualTo("0");
                creator.screenshot(Path.of("target/screenshots/live-end-" + width + ".png"));
            }
            creator.width(1280);

            // a form on another origin (the agent's: same site, another port, so the session cookie goes along) posting
            // "End broadcast" is refused with 403 problem+json, and the room stays live
            creator.navigate(agent + "/q/health");
            creator.script("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                    + " document.body.appendChild(f); f.submit();", gateway + "/studio/live/" + room + "/end");
            await("the cross-origin form refused").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> creator.url().equals(gateway + "/studio/live/" + room + "/end") && creator.text("body").contains("forbidden"));
            assertThat(creator.text("body")).contains(PROBLEMS + "forbidden", "own pages only");
            assertThat(room(room).path("state").asText()).isEqualTo("LIVE");
            assertThat(stream.ends).isEmpty();
            creator.navigate(gateway + "/studio/live/" + room);
            await("back on the room's page").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> creator.visible("[data-end]"));
            creator.click("[data-end]");

            // the gateway: ENDING, and "end" on the room's stream
            await("the page says the room is ending or ended").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> creator.url().endsWith("/studio/live/" + room) && creator.text("[data-end-status]").matches("(Ending|Ended).*"));
            creator.screenshot(Path.of("target/screenshots/live-end-ending-1280.png"));
            await("end on the room's event stream").atMost(Duration.ofSeconds(30)).until(() -> stream.ends.contains("ENDING"));
            // the origin follows: it stops its ingest and sends the recording, which the gateway checks; the room ends
            await("the room ended by the origin's recording").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("ENDED"));
            assertThat(stream.states).containsSubsequence("LIVE", "ENDING", "ENDED");
            JsonNode atTheOrigin = JSON.readTree(get(agent + "/api/local/live/rooms/" + room,
                    Map.of("X-Shoal-Operator-Token", operatorToken)).body());
            assertThat(atTheOrigin.findValues("ended")).as(atTheOrigin.toString()).isNotEmpty().allMatch(JsonNode::asBoolean);
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(agent + ingestPath + "hi/index.m3u8"))
                    .PUT(HttpRequest.BodyPublishers.ofString("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            problem(refused, 409, "room-ended");
            JsonNode ended = room(room);
            JsonNode announced = JSON.readTree(get(agent + "/api/local/live/rooms/" + room + "/announcements",
                    Map.of("X-Shoal-Operator-Token", operatorToken)).body());
            assertThat(ended.path("renditions").path("hi").asLong() + ended.path("renditions").path("lo").asLong() + 2)
                    .as("the room holds every announcement the origin made").isEqualTo(announced.size());
            assertThat(get(gateway + "/live/" + room + "/hi.m3u8", Map.of()).body()).contains("#EXT-X-ENDLIST");

            // a viewer's page shows the end
            await("the viewer's page says Ended").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> viewer.text("h1 [data-state]").equals("Ended"));
            viewer.screenshot(Path.of("target/screenshots/live-end-viewer-ended-1280.png"));
            creator.navigate(gateway + "/studio/live/" + room);
            assertThat(creator.text("[data-end-status]")).isEqualTo("Ended.");
            assertThat(creator.visible("[data-end]")).isFalse();
            // the gateway registers the recording itself: the creator's page end was all the creator did
            await("the recording registered by the gateway").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("contentId").isTextual());
            String registered = room(room).path("contentId").asText();
            assertThat(recordingOf(registered)).isNotBlank();

            // shoal live end --archive N: the recording registered and the order placed, its price per GB-month in sUSD
            ShoalStack.Run refused2 = stack.shoal("live", "end", room, "--archive", "5", "--months", "1", "--max-price", "0.0000001",
                    "--token", creatorToken);
            assertThat(refused2.exit()).as(refused2.out()).isEqualTo(1);
            assertThat(refused2.out()).contains("sUSD with at most 6 decimals");
            ShoalStack.Run archived = stack.shoal("live", "end", room, "--archive", "5", "--months", "1", "--max-price", "86400",
                    "--token", creatorToken);
            assertThat(archived.exit()).as(archived.out()).isZero();
            assertThat(archived.out()).contains("recording: content", "archive: order", "5 replicas", "sUSD per GB-month");
            String contentId = room(room).path("contentId").asText();
            assertThat(contentId).matches("[0-9a-f]{64}").isEqualTo(registered);
            JsonNode orders = JSON.readTree(get(stack.url("marketplace") + "/api/orders", Map.of("Authorization", "Bearer " + creatorToken)).body());
            assertThat(orders.findParents("contentId")).as(orders.toString())
                    .anySatisfy(o -> {
                        assertThat(o.path("contentId").asText()).isEqualTo(contentId);
                        assertThat(o.path("replicas").asInt()).isEqualTo(5);
                        assertThat(o.path("maxPricePerGbMonth").asText()).isNotBlank();
                    });
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
            stream.close();
            for (Viewer v : browsers) {
                v.close();
            }
        }
    }

    /**
     * The encoder ends a room opened without a preset: its #EXT-X-ENDLIST alone ends the room and the gateway registers the
     * recording with its own credential, so the room shows its content and the catalog has it, the creator doing nothing;
     * the creator's {@code shoal live end} afterwards changes nothing.
     */
    @Test
    void theEncodersEndAloneRegistersTheRecording() throws Exception {
        HttpResponse<String> opened = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "Registered by the gateway")
                .put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", 2),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String room = JSON.readTree(opened.body()).path("room").asText();
        HttpResponse<String> atOrigin = post(agent + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        Process push = ffmpeg(agent + JSON.readTree(atOrigin.body()).path("ingestPath").asText() + "%v/index.m3u8",
                Files.createTempFile("ffmpeg-register", ".log"), 10);
        try {
            await("the room ended by the encoder, its recording registered").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("ENDED") && room(room).path("contentId").isTextual());
            JsonNode ended = room(room);
            String contentId = ended.path("contentId").asText();
            assertThat(contentId).matches("[0-9a-f]{64}");
            assertThat(ended.path("archive").isNull()).as("no preset, nothing ordered: %s", ended).isTrue();
            assertThat(recordingOf(contentId)).isNotBlank();
            JsonNode located = JSON.readTree(get(stack.url("marketplace") + "/api/locate/" + contentId, Map.of()).body());
            assertThat(located.path("sources").findValuesAsText("url")).as(located.toString()).contains(agent);
            assertThat(get(gateway + "/watch/" + contentId, Map.of()).statusCode()).isEqualTo(200);
            // the creator's end afterwards: the same room, the same content
            HttpResponse<String> again = post(gateway + "/api/live/rooms/" + room + "/end", JSON.createObjectNode(),
                    Map.of("Authorization", "Bearer " + creatorToken));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("contentId").asText()).isEqualTo(contentId);
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The encoder ends a room opened with an archive preset: its last playlists carry #EXT-X-ENDLIST, the origin sends the
     * recording, and the gateway places the preset's order itself with its own client credential (no creator token at
     * hand), once, as the owner's order, shown on the room. The marketplace refuses that credential anything else (403),
     * and refuses the creator's token on the gateway's call. The origin following the room's stream is not a viewer.
     */
    @Test
    void theEncodersEndPlacesThePresetsOrderWithTheGatewaysOwnCredential() throws Exception {
        HttpResponse<String> opened = post(gateway + "/api/live/rooms", JSON.createObjectNode().put("title", "Ends by the encoder")
                .put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", 2)
                .set("archive", JSON.createObjectNode().put("replicas", 5).put("months", 1).put("maxPricePerGbMonth", "86400")),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String room = JSON.readTree(opened.body()).path("room").asText();
        assertThat(room(room).path("archive").path("preset").path("replicas").asInt()).isEqualTo(5);
        assertThat(room(room).path("archive").path("state").isNull()).isTrue();
        HttpResponse<String> atOrigin = post(agent + "/api/local/live/rooms", JSON.createObjectNode().put("room", room)
                .put("gateway", gateway), Map.of("X-Shoal-Operator-Token", operatorToken));
        assertThat(atOrigin.statusCode()).as(atOrigin.body()).isEqualTo(201);
        String ingestPath = JSON.readTree(atOrigin.body()).path("ingestPath").asText();
        // the origin follows the room's stream from now on (for an end), before the encoder starts
        EventStream stream = new EventStream(HTTP, gateway + "/live/" + room + "/events");
        Path pushLog = Files.createTempFile("ffmpeg-endlist", ".log");
        Process push = ffmpeg(agent + ingestPath + "%v/index.m3u8", pushLog, 16);
        try {
            // ffmpeg's last playlists carry #EXT-X-ENDLIST: the origin sends the recording and the room ends
            await("the room ended by the encoder").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(room).path("state").asText().equals("ENDED"));
            assertThat(push.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.ends).as("nobody ended it at the gateway").isEmpty();
            // every viewer count while it was live was this test's stream alone, not the origin's too
            assertThat(stream.viewers).as("viewer counts").filteredOn(v -> v.startsWith("LIVE:")).isNotEmpty()
                    .allMatch(v -> v.equals("LIVE:1"));

            // the gateway places the preset's order itself, once, and the room shows it
            await("the preset's order placed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !room(room).path("archive").path("state").asText().equals("PENDING"));
            JsonNode ended = room(room);
            assertThat(ended.path("archive").path("state").asText()).as(ended.toString()).isEqualTo("PLACED");
            String orderId = ended.path("archive").path("orderId").asText();
            String contentId = ended.path("contentId").asText();
            assertThat(contentId).matches("[0-9a-f]{64}");
            // the creator's order, as one placed from the CLI: the creator's token sees it at the marketplace
            JsonNode order = JSON.readTree(get(stack.url("marketplace") + "/api/orders/" + orderId,
                    Map.of("Authorization", "Bearer " + creatorToken)).body());
            assertThat(order.path("contentId").asText()).as(order.toString()).isEqualTo(contentId);
            assertThat(order.path("replicas").asInt()).isEqualTo(5);
            JsonNode mine = JSON.readTree(get(stack.url("marketplace") + "/api/orders", Map.of("Authorization", "Bearer " + creatorToken)).body());
            assertThat(mine.findParents("contentId")).filteredOn(o -> o.path("contentId").asText().equals(contentId))
                    .as("placed once").hasSize(1);
            assertThat(get(stack.url("marketplace") + "/api/contents/" + contentId, Map.of("Authorization", "Bearer " + creatorToken))
                    .statusCode()).as("the recording is the creator's content").isEqualTo(200);
            // "Archive with N replicas" after the preset placed the order: 409, no second order
            problem(post(gateway + "/api/live/rooms/" + room + "/archive", JSON.createObjectNode(),
                    Map.of("Authorization", "Bearer " + creatorToken)), 409, "conflict");

            // the gateway's credential at the marketplace: asked again, the same order; anything but the room's recording, 403
            String issuer = stack.url("keycloak") + "/realms/shoal";
            String gatewayToken = clientCredentialsToken(issuer, "player-gateway", "player-gateway-local-secret");
            JsonNode last = lastAnnouncements(room);
            JsonNode request = JSON.createObjectNode().put("version", 1).put("room", room).put("owner", "creator").put("ownerName", "Creator Demo")
                    .put("manifest", recordingOf(contentId)).<com.fasterxml.jackson.databind.node.ObjectNode>set("origins", JSON.createArrayNode())
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("lastAnnouncements", last)
                    .put("replicas", 5).put("months", 1).put("maxPricePerGbMonth", "86400");
            HttpResponse<String> again = post(stack.url("marketplace") + "/api/orders/recordings", request,
                    Map.of("Authorization", "Bearer " + gatewayToken));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("order").path("id").asText()).isEqualTo(orderId);
            // without terms: registered only (already), no order; a term or price without replicas: 400
            com.fasterxml.jackson.databind.node.ObjectNode registerOnly = request.deepCopy();
            registerOnly.remove(List.of("replicas", "months", "maxPricePerGbMonth"));
            HttpResponse<String> registered = post(stack.url("marketplace") + "/api/orders/recordings", registerOnly,
                    Map.of("Authorization", "Bearer " + gatewayToken));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            assertThat(JSON.readTree(registered.body()).path("contentId").asText()).isEqualTo(contentId);
            assertThat(JSON.readTree(registered.body()).path("order").isNull()).as(registered.body()).isTrue();
            problem(post(stack.url("marketplace") + "/api/orders/recordings", registerOnly.deepCopy().put("months", 1),
                    Map.of("Authorization", "Bearer " + gatewayToken)), 400, "invalid-request");
            // the same recording claimed for another room: not proved, refused
            com.fasterxml.jackson.databind.node.ObjectNode otherRoom = request.deepCopy();
            otherRoom.put("room", java.util.UUID.randomUUID().toString());
            problem(post(stack.url("marketplace") + "/api/orders/recordings", otherRoom, Map.of("Authorization", "Bearer " + gatewayToken)),
                    403, "forbidden");
            // for another account than the content's owner: refused
            com.fasterxml.jackson.databind.node.ObjectNode otherOwner = request.deepCopy();
            otherOwner.put("owner", "creator2");
            problem(post(stack.url("marketplace") + "/api/orders/recordings", otherOwner, Map.of("Authorization", "Bearer " + gatewayToken)),
                    403, "forbidden");
            // a creator's own token may not act for others through this call
            problem(post(stack.url("marketplace") + "/api/orders/recordings", request, Map.of("Authorization", "Bearer " + creatorToken)),
                    403, "forbidden");
            // nor may the gateway's credential place an ordinary order
            problem(post(stack.url("marketplace") + "/api/orders", JSON.createObjectNode().put("contentId", contentId).put("replicas", 5)
                    .put("months", 1).put("maxPricePerGbMonth", "86400"), Map.of("Authorization", "Bearer " + gatewayToken)), 403, "forbidden");
            JsonNode after = JSON.readTree(get(stack.url("marketplace") + "/api/orders", Map.of("Authorization", "Bearer " + creatorToken)).body());
            assertThat(after.findParents("contentId")).filteredOn(o -> o.path("contentId").asText().equals(contentId)).hasSize(1);
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
            stream.close();
        }
    }

    /** Each rendition's last announcement, as the gateway's preset request carries them. */
    private JsonNode lastAnnouncements(String room) throws Exception {
        JsonNode all = JSON.readTree(get(agent + "/api/local/live/rooms/" + room + "/announcements",
                Map.of("X-Shoal-Operator-Token", operatorToken)).body());
        Map<String, JsonNode> last = new java.util.TreeMap<>();
        all.forEach(a -> last.merge(a.path("rendition").asText(), a, (x, y) -> y.path("index").asLong() > x.path("index").asLong() ? y : x));
        com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
        last.values().forEach(out::add);
        return out;
    }

    /** The recording's signed manifest, as the marketplace holds it. */
    private String recordingOf(String contentId) throws Exception {
        HttpResponse<String> r = get(stack.url("marketplace") + "/api/catalog/" + contentId, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("manifest").asText();
    }

    private static String clientCredentialsToken(String issuer, String client, String secret) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static Process ffmpeg(String target, Path log) throws Exception {
        return ffmpeg(target, log, 300);
    }

    /** ffmpeg's test pattern in two renditions and 2 s segments, pushed in real time for {@code seconds} (then #EXT-X-ENDLIST). */
    private static Process ffmpeg(String target, Path log, int seconds) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-pix_fmt", "yuv420p", "-s:v:1", "320x180", "-b:v:0", "600k", "-b:v:1", "150k", "-c:a", "aac", "-b:a", "64k",
                "-f", "hls", "-hls_time", "2", "-hls_start_number_source", "epoch", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,a:0,name:hi v:1,a:1,name:lo", "-method", "PUT", target)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private JsonNode room(String room) throws Exception {
        return LiveHttp.room(gateway, room);
    }
}
