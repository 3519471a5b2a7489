package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
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

import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * External mirrors in a real browser (Debian's headless Chromium) against the real stack {@code shoal up} starts,
 * with no agent at all: the creator publishes a copy of the sample video with its own origin (a {@link SegmentOrigin}
 * in this test), pushes it with {@code shoal mirror push} to a real S3-compatible server (S3Proxy, a process of its
 * own, CORS allowed for the gateway's origin), registers it with {@code shoal mirror add} (signed by the demo
 * creator's key), and stops the origin. The viewer plays from that mirror alone (the gateway holds the signed
 * manifest); a second mirror (nginx) serving a copy with a byte changed in each segment is banned while playback
 * goes on; a third (nginx without CORS headers) gets the page's message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorInBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String NO_CORS = "refuses cross-origin reads (no CORS)";

    @TempDir
    static Path state;
    @TempDir
    static Path mirrors;
    private ShoalStack stack;
    private String gateway;
    private String marketplace;
    private String contentId;
    private SegmentOrigin origin;
    private Process s3proxy;
    private Process nginx;
    private String s3;
    private String goodTemplate;

    @BeforeAll
    void upWithNoAgentAndS3Proxy() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        stack.upWithSample(0);
        gateway = stack.url("player-gateway");
        marketplace = stack.url("marketplace");
        // a content of its own, with an origin this test can stop (the demo's sample is served by the launcher)
        HlsFolder folder = HlsFolder.open(state.resolve("sample"));
        SignedManifest manifest = ManifestBuilder.build(folder, "Mirrored test pattern " + UUID.randomUUID(),
                DemoKeys.creator().address()).sign(DemoKeys.creator());
        origin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(folder), 0);
        contentId = manifest.contentId().hex();
        String token = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator");
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(marketplace + "/api/contents"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("manifest", manifest.toJson(),
                        "origins", List.of(origin.url()))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        int port = freePort();
        s3 = "http://127.0.0.1:" + port;
        Path store = Files.createDirectories(mirrors.resolve("s3store"));
        Path conf = Files.writeString(mirrors.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=" + s3, "s3proxy.authorization=none",
                "s3proxy.cors-allow-origins=" + gateway, "s3proxy.cors-allow-methods=GET HEAD", "s3proxy.cors-allow-headers=Range",
                "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + store, ""));
        Path jar = ShoalStack.ROOT.resolve("deploy/target/s3proxy/s3proxy.jar");
        assertThat(jar).as("copied by deploy's build (maven-dependency-plugin, execution s3proxy)").exists();
        Path log = mirrors.resolve("s3proxy.log");
        s3proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--properties", conf.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("S3Proxy listening on " + s3).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(s3proxy.isAlive()).as("S3Proxy running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            return listening(port);
        });
        HttpResponse<String> bucket = HTTP.send(HttpRequest.newBuilder(URI.create(s3 + "/videos")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bucket.statusCode()).as(bucket.body()).isEqualTo(200);
    }

    @AfterAll
    void down() throws Exception {
        if (origin != null) {
            origin.close();
        }
        for (Process p : new Process[]{nginx, s3proxy}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void theContentIsPushedToS3AndRegisteredAsAMirrorSignedByItsCreator() throws Exception {
        ShoalStack.Run push = stack.shoal("mirror", "push", contentId, s3 + "/videos/shoal", "--access-key", "shoal",
                "--secret-key", "unused", "--no-progress");
        assertThat(push.exit()).as(push.out()).isZero();
        goodTemplate = s3 + "/videos/shoal/segments/{sha256}.{ext}";
        assertThat(push.out()).contains("mirror URL template: " + goodTemplate);
        ShoalStack.Run add = stack.shoal("mirror", "add", contentId, goodTemplate);
        assertThat(add.exit()).as(add.out()).isZero();

        JsonNode list = JSON.readTree(get(marketplace + "/api/contents/" + contentId + "/mirrors").body());
        assertThat(list.path("mirrors").findValuesAsText("url")).containsExactly(goodTemplate);
        JsonNode watch = JSON.readTree(get(gateway + "/api/watch/" + contentId).body());
        List<String> kinds = new ArrayList<>();
        watch.path("sources").forEach(s -> kinds.add(s.path("kind").asText()));
        assertThat(kinds).as("no agent holds the content: the mirror, then the origin").containsExactly("mirror", "origin");

        // the creator's origin goes away for good
        String originUrl = origin.url();
        origin.close();
        origin = null;
        assertThat(listening(URI.create(originUrl).getPort())).as("the origin %s stopped", originUrl).isFalse();
    }

    @Test
    @Order(2)
    void withNoAgentAndTheOriginStoppedTheVideoPlaysFromTheMirrorAloneEverySegmentVerified() throws Exception {
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off")) {
            JsonNode s = viewer.await("20 s played", Duration.ofSeconds(120), st -> st.path("currentTime").asDouble() > 20
                    || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            assertThat(s.path("rejected")).as("rejected segments").isEmpty();
            JsonNode mirror = source(s, goodTemplate);
            assertThat(mirror.path("kind").asText()).isEqualTo("mirror");
            assertThat(mirror.path("banned").isMissingNode() || mirror.path("banned").isNull() || mirror.path("banned").asText().isEmpty()).isTrue();
            assertThat(mirror.path("bytes").asLong()).as("verified bytes from the mirror = all bytes over HTTP")
                    .isPositive().isEqualTo(s.path("httpBytes").asLong());
            for (JsonNode other : s.path("sources")) {
                if (!other.path("url").asText().equals(goodTemplate)) {
                    assertThat(other.path("bytes").asLong()).as("bytes from %s", other).isZero();
                }
            }
        }
    }

    @Test
    @Order(3)
    void aMirrorServingAWrongByteIsBannedAndPlaybackGoesOnFromTheGoodOne() throws Exception {
        List<String> segments = segmentNames();
        Path bad = Files.createDirectories(mirrors.resolve("bad/segments"));
        Path plain = Files.createDirectories(mirrors.resolve("plain/segments"));
        for (String name : segments) {
            byte[] bytes = HTTP.send(HttpRequest.newBuilder(URI.create(s3 + "/videos/shoal/segments/" + name)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            Files.write(plain.resolve(name), bytes);
            bytes[bytes.length / 2] ^= 1;
            Files.write(bad.resolve(name), bytes);
        }
        int badPort = freePort();
        int plainPort = freePort();
        startNginx(badPort, plainPort);
        String badTemplate = "http://127.0.0.1:" + badPort + "/segments/{sha256}.{ext}";
        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + badPort + "/segments/" + segments.get(0)))
                .header("Origin", gateway).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).as("the lying mirror serves").isEqualTo(200);
        assertThat(served.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        ShoalStack.Run add = stack.shoal("mirror", "add", contentId, badTemplate);
        assertThat(add.exit()).as(add.out()).isZero();

        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off")) {
            JsonNode s = viewer.await("20 s played", Duration.ofSeconds(120), st -> st.path("currentTime").asDouble() > 20
                    || st.path("errors").size() > 0);
            assertThat(s.path("errors")).as("player errors").isEmpty();
            JsonNode banned = source(s, badTemplate);
            assertThat(banned.path("banned").asText()).as("the lying mirror banned; sources %s, rejected %s, events %s", s.path("sources"),
                    s.path("rejected"), s.path("events")).contains("SHA-256");
            assertThat(banned.path("bytes").asLong()).as("nothing from the lying mirror was played").isZero();
            List<String> rejectedFrom = new ArrayList<>();
            s.path("rejected").forEach(r -> rejectedFrom.add(r.path("source").asText()));
            assertThat(rejectedFrom).as("rejections: from the lying mirror only").isNotEmpty().containsOnly(badTemplate);
            // (httpBytes counts the rejected segment too: the sources' bytes are the verified ones)
            assertThat(source(s, goodTemplate).path("segments").asInt()).as("segments from the good mirror").isGreaterThanOrEqualTo(3);
            for (JsonNode other : s.path("sources")) {
                if (other.path("kind").asText().equals("origin")) {
                    assertThat(other.path("bytes").asLong()).as("bytes from the origin %s", other).isZero();
                }
            }
            viewer.script("document.querySelectorAll('details').forEach(d => d.open = true)");
            assertThat(viewer.text("[data-sources]")).as("the page's sources list").contains("mirror " + badTemplate, "dropped:");
        }

        // a mirror without CORS headers: the page says so instead of failing silently, and playback goes on
        String plainTemplate = "http://127.0.0.1:" + plainPort + "/segments/{sha256}.{ext}";
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainPort + "/segments/" + segments.get(0))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("the plain mirror serves").isEqualTo(200);
        ShoalStack.Run addPlain = stack.shoal("mirror", "add", contentId, plainTemplate);
        assertThat(addPlain.exit()).as(addPlain.out()).isZero();
        try (Viewer viewer = Viewer.open(gateway + "/watch/" + contentId + "?p2p=off")) {
            JsonNode s = viewer.await("the no-CORS mirror banned and 20 s played", Duration.ofSeconds(120),
                    st -> st.path("currentTime").asDouble() > 20 && st.path("errors").size() > 0);
            String message = "mirror 127.0.0.1:" + plainPort + " " + NO_CORS;
            List<String> errors = new ArrayList<>();
            s.path("errors").forEach(e -> errors.add(e.asText()));
            assertThat(errors).containsExactly(message);
            assertThat(source(s, plainTemplate).path("banned").asText()).isEqualTo(message);
            assertThat(viewer.text("[data-error]")).isEqualTo(message);
            assertThat(source(s, goodTemplate).path("bytes").asLong()).isPositive();
        }
    }

    private void startNginx(int badPort, int plainPort) throws Exception {
        Path dir = mirrors;
        Files.createDirectories(dir.resolve("tmp"));
        // nginx's workers run as nobody when started by root, and could not read the test's private folder
        String user = System.getProperty("user.name").equals("root") ? "user root;\n" : "";
        String conf = user + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp/body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  types { video/mp2t ts; video/iso.segment m4s; video/mp4 mp4; }
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s/bad;
                    location / {
                      add_header Access-Control-Allow-Origin * always;
                      add_header Access-Control-Allow-Headers * always;
                      if ($request_method = OPTIONS) { return 204; }
                    }
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    root %1$s/plain;
                  }
                }
                """.formatted(dir, badPort, plainPort);
        Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
        Path log = dir.resolve("nginx.log");
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-e", dir.resolve("nginx-error.log").toString(), "-p", dir.toString(),
                "-c", file.toString(), "-g", "daemon off;").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("nginx listening").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(nginx.isAlive()).as("nginx running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            return listening(badPort) && listening(plainPort);
        });
    }

    /** The names (sha256.ext) of the sample's segments, from the gateway's media playlist. */
    private List<String> segmentNames() throws Exception {
        String master = get(gateway + "/vod/" + contentId + "/master.m3u8").body();
        String rendition = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
        List<String> names = get(gateway + "/vod/" + contentId + "/" + rendition).body().lines()
                .filter(l -> l.startsWith("segments/")).map(l -> l.substring("segments/".length())).toList();
        assertThat(names).isNotEmpty();
        return names;
    }

    private static JsonNode source(JsonNode stats, String url) {
        for (JsonNode s : stats.path("sources")) {
            if (s.path("url").asText().equals(url)) {
                return s;
            }
        }
        throw new AssertionError("no source " + url + " in " + stats.path("sources"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
