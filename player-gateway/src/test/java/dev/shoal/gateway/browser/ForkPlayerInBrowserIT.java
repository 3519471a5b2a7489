package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An advertiser's fork of the demo's sample in a real browser on the real stack ({@code shoal up}, two agents holding
 * the sample): a 16 s ad (made by ffmpeg, cut like the sample) spliced in at 0:24, consented by the creator with their
 * key. The original's page lists the fork with its seeding; the viewer picks it, the ad is labelled while it plays and
 * on the track under the video, a seek past it lands at its start, playback goes on past it with no player error, and
 * the player reports the agents' receipts of the ad's segments to the gateway, which forwards them to the marketplace,
 * which counts them. The agents hold the fork as an operator would put it there ({@code POST /api/local/fetches}): the
 * advertiser cannot place the fork's archival order yet (only creators order), so no deal puts it there. Screenshots at 1280 and 390 px go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForkPlayerInBrowserIT {

    private static final int AGENTS = 2;
    private static final long CUE_MICROS = 24_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path state;
    @TempDir
    static Path work;
    private ShoalStack stack;
    private SegmentOrigin adOrigin;
    private String gateway;
    private String marketplace;
    private String originalId;
    private String forkId;

    @BeforeAll
    void upWithTheSampleAndAConsentedFork() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        originalId = stack.upWithSample(AGENTS);
        gateway = stack.url("player-gateway");
        marketplace = stack.url("marketplace");
        JsonNode entry = JSON.readTree(get(marketplace + "/api/catalog/" + originalId).body());
        SignedManifest original = SignedManifest.fromJson(entry.path("manifest").asText()).verify();

        Path adFolder = ad(work.resolve("ad"));
        SigningKey advertiserKey = SigningKey.generate();
        SignedManifest ad = ManifestBuilder.build(HlsFolder.open(adFolder), "Sea Tea, 16 s", advertiserKey.address()).sign(advertiserKey);
        adOrigin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(HlsFolder.open(adFolder)), 0);
        send("advertiser", "POST", "/api/contents", JSON.writeValueAsString(Map.of("manifest", ad.toJson(), "origins", List.of(adOrigin.url()))), 201);

        Manifest fork = Fork.splice(original.manifest(), ad.manifest(), new ForkPlan(original.contentId(), ad.contentId(), List.of(CUE_MICROS)),
                "Shoal sample, sponsored by Sea Tea", advertiserKey.address());
        forkId = fork.contentId().hex();
        SignedManifest signedFork = fork.sign(advertiserKey);
        String requestId = JSON.readTree(send("advertiser", "POST", "/api/forks", JSON.writeValueAsString(Map.of(
                "original", originalId, "ad", ad.contentId().hex(), "cuesMicros", List.of(CUE_MICROS), "amountSusd", "250",
                "replicas", 5, "termSeconds", 90 * 86400, "offerFirst", true, "manifest", signedFork.toJson())), 201)).path("id").asText();
        JsonNode typedData = null;
        for (JsonNode r : JSON.readTree(send("creator", "GET", "/api/forks/requests", null, 200))) {
            if (r.path("id").asText().equals(requestId)) {
                typedData = r.path("typedData");
            }
        }
        assertThat(typedData).as("the creator sees the request").isNotNull();
        send("creator", "POST", "/api/forks/" + requestId + "/consent", SponsorshipConsent.fromTypedData(typedData).sign(DemoKeys.creator()).toJson(), 200);

        // every agent holds the fork (the sample's segments it has, the ad's fetched), as its operator would fetch it: the
        // fork's segments then come with receipts signed for the fork, what the marketplace counts
        List<String> sources = new java.util.ArrayList<>(List.of(adOrigin.url()));
        entry.path("origins").forEach(o -> sources.add(o.asText()));
        for (JsonNode service : stack.services()) {
            if (service.path("name").asText().startsWith("agent")) {
                holdTheFork(service.path("url").asText(), state.resolve(service.path("name").asText()).resolve("store"), signedFork, sources);
            }
        }
    }

    @AfterAll
    void down() throws Exception {
        if (adOrigin != null) {
            adOrigin.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void theForksPlaylistMarksTheAd() throws Exception {
        String master = get(gateway + "/vod/" + forkId + "/master.m3u8").body();
        String rendition = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
        String playlist = get(gateway + "/vod/" + forkId + "/" + rendition).body();
        assertThat(playlist).contains("#EXT-X-DATERANGE:ID=\"ad-1\",CLASS=\"dev.shoal.ad\"", "#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00");
        assertThat(playlist.split("#EXT-X-DISCONTINUITY\n", -1)).as("a discontinuity before the ad and after it").hasSize(3);
        assertThat(get(gateway + "/vod/" + originalId + "/" + rendition).body()).doesNotContain("EXT-X-DATERANGE");
    }

    @Test
    @Order(2)
    void theOriginalsPageListsTheForkAndTheViewerWatchesItThroughTheAd() throws Exception {
        Path shots = Path.of("target", "screenshots");
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + originalId + "?autoplay=0")) {
            assertThat(viewer.visible("[data-fork='" + forkId + "']")).isTrue();
            assertThat(viewer.text("[data-fork='" + forkId + "']")).contains("Shoal sample, sponsored by Sea Tea", "sponsored by Advertiser Demo",
                    "contains ads", "0 replicas", "0 viewers now");
            assertThat(viewer.text("[data-version='" + originalId + "']")).contains("the original", AGENTS + " replicas");
            for (int width : new int[]{1280, 390}) {
                viewer.width(width);
                assertThat(viewer.sidewaysOverflow()).as("at %d px", width).isEqualTo("0");
                viewer.screenshot(shots.resolve("forks-original-" + width + ".png"));
            }
            viewer.width(1280);

            viewer.click("[data-fork='" + forkId + "'] a");
            JsonNode s = viewer.await("the fork plays with its ad known from the playlist", Duration.ofSeconds(90),
                    st -> st.path("currentTime").asDouble() > 2 && "playlist".equals(st.path("adsFrom").asText()) || st.path("errors").size() > 0);
            assertThat(viewer.url()).endsWith("/watch/" + forkId);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(viewer.text("[data-sponsor]")).contains("Sponsored by Advertiser Demo — contains ads", "Watch the original");
            assertThat(viewer.script("return document.querySelector('[data-sponsor] a').getAttribute('href')")).isEqualTo("/watch/" + originalId);
            JsonNode ad = s.path("ads").get(0);
            assertThat(ad.path("start").asDouble()).isEqualTo(24.0);
            assertThat(ad.path("end").asDouble()).isEqualTo(40.0);
            assertThat(viewer.visible("[data-ad-span='ad-1']")).as("the ad on the track under the video").isTrue();

            viewer.script("window.shoalPlayer.video.currentTime = 50");
            s = viewer.await("the seek past the ad held at its start", Duration.ofSeconds(30), st -> st.path("seeksHeld").size() > 0);
            assertThat(s.path("seeksHeld").get(0).path("landed").asDouble()).isEqualTo(24.0);
            s = viewer.await("the ad playing", Duration.ofSeconds(60), st -> st.path("currentTime").asDouble() > 25 || st.path("errors").size() > 0);
            assertThat(s.path("currentTime").asDouble()).as("landed at the ad, not past it").isLessThan(40);
            assertThat(viewer.visible("[data-ad-label]")).isTrue();
            assertThat(viewer.text("[data-ad-label]")).matches("Ad · 0:1[0-5]");
            for (int width : new int[]{1280, 390}) {
                viewer.width(width);
                assertThat(viewer.sidewaysOverflow()).as("at %d px", width).isEqualTo("0");
                viewer.screenshot(shots.resolve("forks-ad-playing-" + width + ".png"));
            }
            viewer.width(1280);

            s = viewer.await("past the ad", Duration.ofSeconds(60), st -> st.path("currentTime").asDouble() > 42 || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(s.path("ads").get(0).path("watched").asBoolean()).isTrue();
            assertThat(viewer.visible("[data-ad-label]")).as("no label after the ad").isFalse();

            viewer.script("window.shoalPlayer.video.currentTime = 10; ");
            viewer.await("back before the ad", Duration.ofSeconds(30), st -> st.path("currentTime").asDouble() < 20);
            viewer.script("window.shoalPlayer.video.currentTime = 55");
            s = viewer.await("a watched ad no longer holds a seek", Duration.ofSeconds(30), st -> st.path("currentTime").asDouble() >= 55);
            assertThat(s.path("seeksHeld")).hasSize(1);

            s = viewer.await("the ad's receipts counted by the marketplace", Duration.ofSeconds(60), st -> st.path("deliveries").path("refused").size() > 0
                    || st.path("deliveries").path("counted").asInt() >= 2 && st.path("deliveries").path("counted").asInt() == st.path("deliveries").path("sent").asInt());
            assertThat(s.path("deliveries").path("refused")).as("refusals of the delivery reports").isEmpty();
            assertThat(s.path("deliveries").path("counted").asInt()).as("a receipt per ad segment at least, each counted once")
                    .isGreaterThanOrEqualTo(2).isEqualTo(s.path("deliveries").path("sent").asInt());
            assertThat(s.path("errors")).as("player errors").isEmpty();
        }
    }

    /** A 16 s ad cut like the sample (SampleVideo's ffmpeg settings: MPEG-TS, 8 s segments, one rendition named video). */
    private static Path ad(Path folder) throws Exception {
        Files.createDirectories(folder);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "smptebars=duration=16:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=880:duration=16",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "200", "-keyint_min", "200", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "8", "-hls_playlist_type", "vod",
                "-hls_segment_filename", folder.resolve("seg_%03d.ts").toString(), folder.resolve("video.m3u8").toString())
                .redirectErrorStream(true).start();
        String out = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(ffmpeg.exitValue()).as(out).isZero();
        return folder;
    }

    private static void holdTheFork(String agent, Path dataDir, SignedManifest fork, List<String> sources) throws Exception {
        String token = Files.readString(dataDir.resolve("operator.token")).strip();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/api/local/fetches"))
                .header("X-Shoal-Operator-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("manifest", fork.toJson(), "sources",
                        sources, "pin", true)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        await("the fork fetched by " + agent).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode p = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/api/local/fetches/" + id))
                    .header("X-Shoal-Operator-Token", token).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(p.path("state").asText()).as(p.toString()).isIn("RUNNING", "COMPLETE");
            return p.path("state").asText().equals("COMPLETE");
        });
    }

    private String send(String user, String method, String path, String body, int expected) throws Exception {
        String token = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", user);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(marketplace + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.body();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
