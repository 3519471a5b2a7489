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
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.gateway.ShoalStack;

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
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * An advertiser's fork of the demo's sample on a running stack, made as the advertiser and the creator make one: a
 * 16 s ad (ffmpeg, cut like the sample) published by the advertiser, spliced in at a cue point, the fork requested
 * and consented with the creator's key, and held by every agent as an operator would put it there ({@code POST
 * /api/local/fetches}; the advertiser cannot place the fork's archival order yet). Closing it stops the ad's origin.
 *
 * @param originalSegments the SHA-256 of every segment of the original: the segments the fork shares with it
 */
record ConsentedFork(String originalId, String forkId, Set<String> originalSegments, SegmentOrigin adOrigin) implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static ConsentedFork of(ShoalStack stack, String originalId, Path work, long cueMicros) throws Exception {
        String marketplace = stack.url("marketplace");
        String keycloak = stack.url("keycloak") + "/realms/shoal";
        JsonNode entry = JSON.readTree(get(marketplace + "/api/catalog/" + originalId));
        SignedManifest original = SignedManifest.fromJson(entry.path("manifest").asText()).verify();

        Path adFolder = ad(work.resolve("ad"));
        SigningKey advertiserKey = SigningKey.generate();
        SignedManifest ad = ManifestBuilder.build(HlsFolder.open(adFolder), "Sea Tea, 16 s", advertiserKey.address()).sign(advertiserKey);
        SegmentOrigin adOrigin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(HlsFolder.open(adFolder)), 0);
        send(keycloak, marketplace, "advertiser", "/api/contents",
                JSON.writeValueAsString(Map.of("manifest", ad.toJson(), "origins", List.of(adOrigin.url()))), 201);

        Manifest fork = Fork.splice(original.manifest(), ad.manifest(), new ForkPlan(original.contentId(), ad.contentId(), List.of(cueMicros)),
                "Shoal sample, sponsored by Sea Tea", advertiserKey.address());
        SignedManifest signedFork = fork.sign(advertiserKey);
        String requestId = JSON.readTree(send(keycloak, marketplace, "advertiser", "/api/forks", JSON.writeValueAsString(Map.of(
                "original", originalId, "ad", ad.contentId().hex(), "cuesMicros", List.of(cueMicros), "amountSusd", "250",
                "replicas", 5, "termSeconds", 90 * 86400, "offerFirst", true, "manifest", signedFork.toJson())), 201)).path("id").asText();
        JsonNode typedData = null;
        for (JsonNode r : JSON.readTree(send(keycloak, marketplace, "creator", "/api/forks/requests", null, 200))) {
            if (r.path("id").asText().equals(requestId)) {
                typedData = r.path("typedData");
            }
        }
        if (typedData == null) {
            throw new IllegalStateException("the creator does not see the fork request " + requestId);
        }
        send(keycloak, marketplace, "creator", "/api/forks/" + requestId + "/consent",
                SponsorshipConsent.fromTypedData(typedData).sign(DemoKeys.creator()).toJson(), 200);

        List<String> sources = new ArrayList<>(List.of(adOrigin.url()));
        entry.path("origins").forEach(o -> sources.add(o.asText()));
        for (JsonNode service : stack.services()) {
            if (service.path("name").asText().startsWith("agent")) {
                hold(service.path("url").asText(), stack.state().resolve(service.path("name").asText()).resolve("store"), signedFork, sources);
            }
        }
        Set<String> shared = new HashSet<>();
        for (Rendition r : original.manifest().renditions()) {
            r.segments().forEach(s -> shared.add(s.sha256().hex()));
        }
        return new ConsentedFork(originalId, fork.contentId().hex(), Set.copyOf(shared), adOrigin);
    }

    @Override
    public void close() {
        adOrigin.close();
    }

    /**
     * A 16 s ad cut like the sample (SampleVideo's ffmpeg settings: MPEG-TS, 8 s segments, one rendition named video);
     * ForkPlayerInBrowserIT's advertiser registers this one too.
     */
    static Path ad(Path folder) throws Exception {
        Files.createDirectories(folder);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "smptebars=duration=16:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=880:duration=16",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "200", "-keyint_min", "200", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "8", "-hls_playlist_type", "vod",
                "-hls_segment_filename", folder.resolve("seg_%03d.ts").toString(), folder.resolve("video.m3u8").toString())
                .redirectErrorStream(true).start();
        String out = new String(ffmpeg.getInputStream().readAllBytes());
        if (!ffmpeg.waitFor(2, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg could not make the ad: " + out);
        }
        return folder;
    }

    private static void hold(String agent, Path dataDir, SignedManifest fork, List<String> sources) throws Exception {
        String token = Files.readString(dataDir.resolve("operator.token")).strip();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/api/local/fetches"))
                .header("X-Shoal-Operator-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("manifest", fork.toJson(), "sources",
                        sources, "pin", true)))).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException(agent + " refused to fetch the fork: " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        await("the fork fetched by " + agent).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode p = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/api/local/fetches/" + id))
                    .header("X-Shoal-Operator-Token", token).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!Set.of("RUNNING", "COMPLETE").contains(p.path("state").asText())) {
                throw new IllegalStateException(agent + " could not fetch the fork: " + p);
            }
            return p.path("state").asText().equals("COMPLETE");
        });
    }

    private static String send(String keycloak, String marketplace, String user, String path, String body, int expected) throws Exception {
        String token = DemoUsers.accessToken(keycloak, user);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(marketplace + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException((body == null ? "GET " : "POST ") + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
