package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.gateway.ShoalStack;
import dev.shoal.gateway.watch.StockClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web player in a real browser (Debian's headless Chromium) against the real stack that {@code shoal up}
 * starts: marketplace, gateway (tracker included), four agents holding the demo's sample video (ffmpeg's test
 * pattern, 64 s in 8 s segments) as ACTIVE replicas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlayerInBrowserIT {

    private static final int AGENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String contentId;

    @BeforeAll
    void upWithTheSampleReplicatedOnFourAgents() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        contentId = stack.upWithSample(AGENTS);
        gateway = stack.url("player-gateway");
    }

    @AfterAll
    void down() throws Exception {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(0)
    void pagesPlaylistsAndRedirectsComeFromTheSignedManifest() throws Exception {
        HttpResponse<String> page = get(gateway + "/watch/" + contentId, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Shoal sample", "data-content=\"" + contentId + "\"", "/embed/" + contentId, "/player/player.js");
        assertThat(get(gateway + "/embed/" + contentId, null).body()).contains("class=\"embed\"");
        HttpResponse<String> unknown = get(gateway + "/watch/" + "0".repeat(64), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(get(gateway + "/api/watch/..%2F..%2Fetc", null).statusCode()).isIn(400, 404);

        JsonNode watch = JSON.readTree(get(gateway + "/api/watch/" + contentId, null).body());
        assertThat(watch.path("session").asText()).matches("[0-9a-f]{32}");
        assertThat(watch.path("sources").get(0).path("kind").asText()).isEqualTo("agent");
        dev.shoal.contracts.market.LocatorTicket ticket = JSON.treeToValue(watch.path("ticket"), dev.shoal.contracts.market.LocatorTicket.class);
        assertThat(ticket.contentId()).isEqualTo(contentId);
        assertThat(ticket.verify().toString()).isEqualToIgnoringCase(ticket.locator());

        String master = get(gateway + "/vod/" + contentId + "/master.m3u8", null).body();
        String rendition = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
        HttpResponse<String> media = get(gateway + "/vod/" + contentId + "/" + rendition, null);
        assertThat(media.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apple.mpegurl");
        List<String> segments = media.body().lines().filter(l -> l.startsWith("segments/")).toList();
        assertThat(segments).hasSize(8).allMatch(l -> l.matches("segments/[0-9a-f]{64}\\.ts"));
        assertThat(master).as("the sample's folder has no master: publishing derived both from the media")
                .contains("CODECS=\"avc1.", ",mp4a.40.2\"", "RESOLUTION=640x360");
        assertThat(media.body()).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");

        HttpResponse<String> redirect = get(gateway + "/vod/" + contentId + "/" + segments.get(0), null);
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith(segments.get(0) + "?content=" + contentId);
        assertThat(get(gateway + "/vod/" + contentId + "/segments/" + "0".repeat(64), null).statusCode()).isEqualTo(404);
        assertThat(get(gateway + "/vod/" + contentId + "/nope.m3u8", null).statusCode()).isEqualTo(404);

        // the tracker is private: a swarm of a content the marketplace does not know is refused
        String unknownSwarm = gateway.replace("http://", "ws://") + "/tracker/" + "cd".repeat(32);
        try (dev.shoal.gateway.tracker.WsPeer stranger = dev.shoal.gateway.tracker.WsPeer.connect(URI.create(unknownSwarm), "127.0.0.1")) {
            assertThat(stranger.next().path("failure reason").asText()).isEqualTo("unknown content " + "cd".repeat(32));
            stranger.awaitClose();
        }
    }

    @Test
    @Order(0)
    void stockClientsPlayTheVodPlaylistsWithTheirDefaultSettings() throws Exception {
        String master = gateway + "/vod/" + contentId + "/master.m3u8";
        JsonNode parsed = StockClients.hlsJsParses(master);
        assertThat(parsed.path("levels")).hasSize(1);
        JsonNode level = parsed.path("levels").get(0);
        assertThat(level.path("codecs").asText()).matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2");
        assertThat(level.path("resolution").asText()).isEqualTo("640x360");
        assertThat(level.path("live").asBoolean()).isFalse();
        assertThat(level.path("segments").asInt()).isEqualTo(8);

        StockClients.FfmpegRun run = StockClients.ffmpegPlays(master);
        assertThat(run.exit()).as("ffmpeg's exit; it said: %s", run.complaints()).isZero();
        assertThat(run.complaints()).as("ffmpeg's warnings and errors").isEmpty();
        assertThat(run.videoSeconds()).as("ffmpeg read the whole video").isCloseTo(level.path("duration").asDouble(),
                org.assertj.core.data.Offset.offset(0.5));
        assertThat(run.videoPackets()).isEqualTo(64 * 25);
    }

    @Test
    @Order(1)
    void theVideoPlaysPastTwentySecondsFromAgentsOnlyWithEverySegmentVerified() throws Exception {
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId)) {
            JsonNode s = viewer.await("20 s played", Duration.ofSeconds(90), st -> st.path("currentTime").asDouble() > 20
                    || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(s.path("rejected")).as("rejected segments").isEmpty();
            assertThat(s.path("stalls")).as("stalls after start").isEmpty();
            assertThat(s.path("segmentsFromAgents").asInt()).isGreaterThanOrEqualTo(3);
            long fromAgents = 0;
            for (JsonNode source : s.path("sources")) {
                if (source.path("kind").asText().equals("agent")) {
                    fromAgents += source.path("bytes").asLong();
                } else {
                    assertThat(source.path("bytes").asLong()).as("bytes from origin %s", source.path("url")).isZero();
                }
            }
            assertThat(fromAgents).as("verified bytes from agents = all bytes over HTTP").isEqualTo(s.path("httpBytes").asLong());
            assertThat(s.path("p2pBytes").asLong()).as("alone in the swarm").isZero();
            assertThat(s.path("receipts").asInt()).as("a serving receipt per agent response").isGreaterThanOrEqualTo(s.path("segmentsFromAgents").asInt());
            long agentsUsed = Stream.of(toArray(s.path("sources"))).filter(x -> x.path("bytes").asLong() > 0).count();
            assertThat(agentsUsed).as("requests spread over the agents").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    @Order(2)
    void aSecondViewerReceivesSegmentsFromTheFirstOverWebRtc() throws Exception {
        try (Viewer first = Viewer.open(gateway + "/watch/" + contentId)) {
            first.await("first viewer playing", Duration.ofSeconds(60), st -> st.path("segmentsFromAgents").asInt() >= 2
                    && st.path("currentTime").asDouble() > 1);
            try (Viewer second = Viewer.open(gateway + "/watch/" + contentId)) {
                JsonNode s = second.await("a segment from a peer", Duration.ofSeconds(90),
                        st -> st.path("segmentsFromPeers").asInt() >= 1 && st.path("p2pBytes").asLong() > 0);
                boolean p2pEvent = false;
                for (JsonNode e : s.path("events")) {
                    p2pEvent |= e.path("kind").asText().equals("segment-loaded") && e.path("from").asText().equals("p2p");
                }
                assertThat(p2pEvent).as("p2p-media-loader reported a segment loaded from a peer: %s", s.path("events")).isTrue();
                assertThat(s.path("errors")).isEmpty();
                assertThat(s.path("rejected")).isEmpty();
                JsonNode f = first.await("first viewer uploaded", Duration.ofSeconds(10), st -> st.path("uploadedBytes").asLong() > 0);
                assertThat(f.path("peers").asInt()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    @Order(2)
    void aViewerFindsTheVideoBySearchingTheHomePageAndOpensItsWatchPage() throws Exception {
        HttpResponse<String> home = get(gateway + "/", null);
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("/watch/" + contentId);
        try (Viewer viewer = Viewer.open(gateway + "/?q=no-such-words-anywhere")) {
            assertThat(viewer.text("[data-contents]")).startsWith("Nothing published matches");
            viewer.type("[data-search-input]", "sample pattern");
            viewer.click("form[data-search] button");
            String item = "li[data-content-id='" + contentId + "']";
            org.awaitility.Awaitility.await("the search's results").atMost(Duration.ofSeconds(30))
                    .until(() -> viewer.url().contains("q=sample+pattern") && viewer.visible(item));
            assertThat(viewer.text(item + " [data-title]")).isEqualTo("Shoal sample: test pattern");
            assertThat(viewer.text(item + " [data-creator-name]")).as("the creator's name, not an address").isEqualTo("Creator Demo");
            assertThat(viewer.text(item + " [data-duration]")).isEqualTo("1:04");
            org.awaitility.Awaitility.await("the poster (its placeholder) drawn").atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) viewer.script("return document.querySelector(arguments[0]).naturalWidth", item + " img")).intValue() > 0);
            viewer.click(item + " a[data-watch]");
            JsonNode playing = viewer.await("playing from the watch page", Duration.ofSeconds(60),
                    st -> st.path("currentTime").asDouble() > 1 || st.path("errors").size() > 0);
            assertThat(viewer.url()).endsWith("/watch/" + contentId);
            assertThat(playing.path("errors")).isEmpty();
            assertThat(viewer.text("[data-creator-name]")).isEqualTo("Creator Demo");
        }
    }

    @Test
    @Order(2)
    void homeAndWatchPagesDoNotScrollSidewaysAtPhoneWidth() throws Exception {
        Path shots = Path.of("target", "screenshots");
        try (Viewer viewer = Viewer.open("about:blank")) {
            for (int width : new int[]{1280, 390}) {
                viewer.width(width);
                assertThat(((Number) viewer.script("return window.innerWidth")).intValue()).isEqualTo(width);
                viewer.navigate(gateway + "/");
                org.awaitility.Awaitility.await("the home page's grid").atMost(Duration.ofSeconds(20))
                        .until(() -> viewer.visible("li[data-content-id] img"));
                viewer.screenshot(shots.resolve("home-" + width + ".png"));
                assertThat(viewer.sidewaysOverflow()).as("home page at %d px", width).isEqualTo("0");

                viewer.navigate(gateway + "/watch/" + contentId);
                viewer.await("sources listed", Duration.ofSeconds(60), st -> st.path("segmentsFromAgents").asInt() >= 1);
                viewer.click("[data-tip-open]");
                org.awaitility.Awaitility.await("the tip form").atMost(Duration.ofSeconds(20)).until(() -> viewer.visible("[data-tip-form]"));
                viewer.script("document.querySelectorAll('details').forEach(d => d.open = true)");
                viewer.screenshot(shots.resolve("watch-" + width + ".png"));
                assertThat(viewer.sidewaysOverflow()).as("watch page at %d px, tip form and sources open", width).isEqualTo("0");
            }
        }
    }

    @Test
    @Order(3)
    void tamperedBytesFromOneAgentAreRejectedPlaybackGoesOnAndThatAgentIsNoLongerUsed() throws Exception {
        String tamperedUrl = stack.url("agent-1");
        Map<Path, byte[]> originals = tamper(state.resolve("agent-1/store/segments"));
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off")) {
            JsonNode s = viewer.await("20 s played", Duration.ofSeconds(90), st -> st.path("currentTime").asDouble() > 20
                    || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            List<String> rejectedFrom = new ArrayList<>();
            s.path("rejected").forEach(r -> rejectedFrom.add(r.path("source").asText()));
            assertThat(rejectedFrom).as("rejections: once, from the tampering agent only").containsExactly(tamperedUrl);
            JsonNode tampered = Stream.of(toArray(s.path("sources"))).filter(x -> x.path("url").asText().equals(tamperedUrl))
                    .findFirst().orElseThrow();
            assertThat(tampered.path("banned").asText()).contains("SHA-256");
            assertThat(tampered.path("bytes").asLong()).as("nothing from the tampering agent was played").isZero();
            assertThat(s.path("segmentsFromAgents").asInt()).isGreaterThanOrEqualTo(3);
        } finally {
            for (Map.Entry<Path, byte[]> e : originals.entrySet()) {
                Files.write(e.getKey(), e.getValue());
            }
        }
    }

    @Test
    @Order(4)
    void agentsKilledMidPlaybackCostNoStallLongerThanOneSegment() throws Exception {
        // a short buffer (8 s, one segment) keeps requests coming through playback
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off&bufferSeconds=8")) {
            JsonNode playing = viewer.await("playing from agents", Duration.ofSeconds(60), st -> st.path("segmentsFromAgents").asInt() >= 2
                    && st.path("currentTime").asDouble() > 0.5);
            // every agent but the slowest one measured so far is killed: the player asks agents it has not measured first,
            // then those at least half as fast as the fastest, so its next request goes to a killed one whichever it
            // picks (with one agent killed, a player that found the others faster could play on without asking it)
            List<JsonNode> agents = Stream.of(toArray(playing.path("sources"))).filter(x -> x.path("kind").asText().equals("agent")).toList();
            String survivor = agents.stream().filter(x -> !x.path("speed").isNull() && x.path("speed").isNumber())
                    .min(java.util.Comparator.comparingDouble(x -> x.path("speed").asDouble()))
                    .or(() -> agents.stream().max(java.util.Comparator.comparingLong(x -> x.path("bytes").asLong())))
                    .orElseThrow().path("url").asText();
            List<String> killedUrls = agents.stream().map(x -> x.path("url").asText()).filter(url -> !url.equals(survivor)).toList();
            assertThat(killedUrls).as("agents to kill").isNotEmpty();
            JsonNode services = stack.services(); // read before the first kill: once an agent is down, status says so and fails
            for (String killedUrl : killedUrls) {
                JsonNode killedService = Stream.of(toArray(services)).filter(x -> x.path("url").asText().equals(killedUrl))
                        .findFirst().orElseThrow(() -> new AssertionError("no service at " + killedUrl));
                ProcessHandle agent = ProcessHandle.of(killedService.path("pid").asLong()).orElseThrow();
                agent.destroyForcibly();
                assertThat(agent.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            }
            JsonNode s = viewer.await("40 s played", Duration.ofSeconds(120), st -> st.path("currentTime").asDouble() > 40
                    || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            for (JsonNode stall : s.path("stalls")) {
                assertThat(stall.path("ms").asLong()).as("stall %s", stall).isLessThan(8_000);
            }
            List<JsonNode> killed = Stream.of(toArray(s.path("sources"))).filter(x -> killedUrls.contains(x.path("url").asText())).toList();
            assertThat(killed).as("a killed agent was asked, failed over and set aside: %s", killed)
                    .anyMatch(x -> x.path("failures").asInt() > 0 || x.path("resting").asBoolean());
            JsonNode kept = Stream.of(toArray(s.path("sources"))).filter(x -> x.path("url").asText().equals(survivor)).findFirst().orElseThrow();
            assertThat(kept.path("segments").asInt()).as("the agent left standing served on: %s", kept)
                    .isGreaterThan(Stream.of(toArray(playing.path("sources"))).filter(x -> x.path("url").asText().equals(survivor))
                            .findFirst().orElseThrow().path("segments").asInt());
        }
    }

    private static Map<Path, byte[]> tamper(Path segments) throws Exception {
        Map<Path, byte[]> originals = new HashMap<>();
        try (Stream<Path> files = Files.walk(segments)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                originals.put(f, bytes.clone());
                bytes[bytes.length / 2] ^= (byte) 0xFF;
                Files.write(f, bytes);
            }
        }
        assertThat(originals).as("segments on the agent's disk").isNotEmpty();
        return originals;
    }

    private static JsonNode[] toArray(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.toArray(JsonNode[]::new);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
