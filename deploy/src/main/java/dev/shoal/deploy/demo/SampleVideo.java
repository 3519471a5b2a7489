package dev.shoal.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.stack.StackContext;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.media.ffmpeg.Ffmpeg;
import dev.shoal.media.ffmpeg.MediaException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the demo does as a creator once the stack is up: makes a sample video (ffmpeg's test pattern in
 * 8-second HLS segments when ffmpeg is installed, else the small clip kept in the repository), signs
 * its manifest with the demo creator key, serves it as the creator's origin, registers it with the
 * marketplace as the demo creator (shown under the account's name), gives it a poster frame and orders five
 * replicas, which the demo's agents take.
 */
public final class SampleVideo implements AutoCloseable {

    public static final int REPLICAS = 5;
    /**
     * The most the sample pays a replica, in sUSD per GB-month: one unit (0.000001 sUSD) per GB per 30 s epoch, the
     * least the demo's short epochs can count, and what the agents' default ask comes to on them (docs/economics.md).
     * On the default 1-day epochs the same agents ask 0.00087.
     */
    static final String MAX_PRICE_PER_GB_MONTH = "0.0864";

    private final SegmentOrigin origin;
    private final String contentId;
    private final String orderId;

    private SampleVideo(SegmentOrigin origin, String contentId, String orderId) {
        this.origin = origin;
        this.contentId = contentId;
        this.orderId = orderId;
    }

    public String contentId() {
        return contentId;
    }

    public String orderId() {
        return orderId;
    }

    public String originUrl() {
        return origin.url();
    }

    public static SampleVideo publishAndOrder(StackContext context, String marketplaceUrl) {
        Path folder = make(context);
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(folder), "Shoal sample: test pattern",
                DemoKeys.creator().address()).sign(DemoKeys.creator());
        SegmentOrigin origin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(HlsFolder.open(folder)), context.ports().take("sample origin"));
        try {
            String token = DemoUsers.accessToken(context.endpoints().issuer(), "creator");
            String originUrl = origin.url();
            String contentId = manifest.contentId().hex();
            post(marketplaceUrl + "/api/contents", token, Map.of("manifest", manifest.toJson(), "origins", List.of(originUrl)), 201, 409);
            poster(context, folder, manifest, marketplaceUrl, token, contentId);
            // a demo restarted on kept data finds its order again instead of placing another
            String orderId = existingOrder(marketplaceUrl, token, contentId);
            if (orderId == null) {
                Map<?, ?> order = post(marketplaceUrl + "/api/orders", token, Map.of("contentId", contentId,
                        "replicas", REPLICAS, "epochs", 100, "maxPricePerGbMonth", MAX_PRICE_PER_GB_MONTH), 201);
                orderId = String.valueOf(order.get("id"));
            }
            return new SampleVideo(origin, contentId, orderId);
        } catch (RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    /**
     * The sample's poster: a frame of its first segment taken by the media module's ffmpeg code, as {@code shoal publish}
     * takes one. Without ffmpeg, or if the marketplace refuses it, the catalog keeps its placeholder and the demo goes on.
     */
    private static void poster(StackContext context, Path folder, SignedManifest manifest, String marketplaceUrl, String token, String contentId) {
        try {
            Ffmpeg tools = Ffmpeg.locate(null);
            Path segment = HlsFolder.open(folder).renditions().get(0).segments().get(0).file();
            double firstSeconds = manifest.manifest().renditions().get(0).segments().get(0).durationMicros() / 1e6;
            Path poster = tools.poster(segment, Math.min(2, firstSeconds / 2), folder.resolve("poster.jpg"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(marketplaceUrl + "/api/contents/" + contentId + "/poster"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                    .PUT(HttpRequest.BodyPublishers.ofFile(poster)).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                context.say("the sample keeps the placeholder poster: the marketplace answered " + response.statusCode() + " " + response.body());
            }
        } catch (MediaException | IOException e) {
            context.say("the sample keeps the placeholder poster: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while uploading the sample's poster");
        }
    }

    /** The sample's HLS folder: made by ffmpeg once per state folder, or copied from the repository's clip. */
    private static Path make(StackContext context) {
        Path folder = context.stateDir().resolve("sample");
        if (Files.isRegularFile(folder.resolve("video.m3u8")) || Files.isRegularFile(folder.resolve("master.m3u8"))) {
            return folder;
        }
        try {
            Files.createDirectories(folder);
            if (onPath("ffmpeg")) {
                context.say("making a 64 s sample video with ffmpeg (8 s HLS segments)");
                ChildProcess.runToCompletion("ffmpeg", List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                                "-f", "lavfi", "-i", "testsrc=duration=64:size=640x360:rate=25",
                                "-f", "lavfi", "-i", "sine=frequency=440:duration=64",
                                "-c:v", "libx264", "-preset", "veryfast", "-g", "200", "-keyint_min", "200", "-sc_threshold", "0",
                                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "8", "-hls_playlist_type", "vod",
                                "-hls_segment_filename", folder.resolve("seg_%03d.ts").toString(), folder.resolve("video.m3u8").toString()),
                        folder, Map.of(), context.log("ffmpeg"), Duration.ofMinutes(3));
                return folder;
            }
            context.say("ffmpeg is not installed: using the sample clip kept in the repository");
            copyTree(context.home().root().resolve("contracts/src/test/resources/hls/ts"), folder);
            return folder;
        } catch (IOException e) {
            throw new LaunchException("cannot prepare the sample video in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String existingOrder(String marketplaceUrl, String token, String contentId) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(marketplaceUrl + "/api/orders")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LaunchException("the marketplace answered " + response.statusCode() + " to GET /api/orders: " + response.body());
            }
            for (Object o : new ObjectMapper().readValue(response.body(), List.class)) {
                Map<?, ?> order = (Map<?, ?>) o;
                // an order that ran its term out (a demo restarted days later) is not the sample's any more: order anew
                if (contentId.equals(order.get("contentId")) && "OPEN".equals(order.get("status"))) {
                    return String.valueOf(order.get("id"));
                }
            }
            return null;
        } catch (IOException e) {
            throw new LaunchException("cannot reach the marketplace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while talking to the marketplace");
        }
    }

    private static Map<?, ?> post(String url, String token, Object body, int... accepted) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body))).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            for (int status : accepted) {
                if (response.statusCode() == status) {
                    return response.body().isBlank() ? Map.of() : new ObjectMapper().readValue(response.body(), Map.class);
                }
            }
            throw new LaunchException("the marketplace answered " + response.statusCode() + " to POST " + url + ": " + response.body());
        } catch (IOException e) {
            throw new LaunchException("cannot reach the marketplace at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while talking to the marketplace");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        origin.close();
    }
}
