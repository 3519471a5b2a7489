package dev.shoal.gateway.browser;

import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.CpuGroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One headless Chromium (and one chromedriver) for many viewers, for a benchmark's swarm on one small machine: each
 * viewer is a page in a browser context of its own (CDP {@code Target.createBrowserContext}), so it has its own
 * renderer process, WebRTC peer, media pipeline, HTTP cache, cookies and connection pool (no six-connections-per-host
 * limit shared with the others, no segment served to it from another viewer's cache), as separate browsers would,
 * without a browser process, a GPU process, a network service and a chromedriver per viewer. Each page gets a window of
 * its own ({@code newWindow}), so every page is visible and none is throttled as a background tab; the switches below
 * keep Chromium from throttling pages it thinks nobody looks at.
 */
public final class ViewerBrowser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;
    private final DevTools devTools;
    private final int width;
    private final int height;

    private ViewerBrowser(ChromeDriver driver, Path profile, DevTools devTools, int width, int height) {
        this.driver = driver;
        this.profile = profile;
        this.devTools = devTools;
        this.width = width;
        this.height = height;
    }

    /**
     * A browser whose pages are windows of {@code width} x {@code height} CSS pixels (a small window paints less), in
     * {@code group} (null: where this process is; see {@link Chromium#start(Path, CpuGroup, String...)}).
     */
    public static ViewerBrowser start(int width, int height, CpuGroup group) throws IOException {
        Viewer.requireBrowser();
        Path profile = Files.createTempDirectory("shoal-viewers");
        List<String> switches = new ArrayList<>(Viewer.VIEWER_SWITCHES);
        switches.addAll(List.of("--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--window-size=" + width + "," + height));
        ChromeDriver driver = Chromium.start(profile, group, switches.toArray(String[]::new));
        try {
            // chromedriver starts Chromium with a DevTools port of its own; the browser-wide endpoint creates contexts
            Map<?, ?> options = (Map<?, ?>) driver.getCapabilities().getCapability("goog:chromeOptions");
            HttpClient http = HttpClient.newHttpClient();
            String version = http.send(HttpRequest.newBuilder(URI.create("http://" + options.get("debuggerAddress") + "/json/version")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            DevTools devTools = new DevTools(http, URI.create(JSON.readTree(version).path("webSocketDebuggerUrl").asText()));
            return new ViewerBrowser(driver, profile, devTools, width, height);
        } catch (IOException | RuntimeException e) {
            driver.quit();
            throw e;
        } catch (InterruptedException e) {
            driver.quit();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A viewer on a live room's page ({@code /live/{room}}), in a new context of this browser. */
    public Viewer openLive(String url) {
        String context = devTools.call("Target.createBrowserContext", JSON.createObjectNode().put("disposeOnDetach", false))
                .path("browserContextId").asText();
        String target = devTools.call("Target.createTarget", JSON.createObjectNode().put("url", url).put("browserContextId", context)
                .put("newWindow", true).put("width", width).put("height", height)).path("targetId").asText();
        // chromedriver names a page by its target id: the viewer switches to it before each command
        return Viewer.inWindow(driver, target, Viewer.LIVE_STATS, () -> {
            devTools.call("Target.closeTarget", JSON.createObjectNode().put("targetId", target));
            devTools.call("Target.disposeBrowserContext", JSON.createObjectNode().put("browserContextId", context));
        });
    }

    @Override
    public void close() {
        try {
            devTools.close();
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }

    /** The browser's own DevTools endpoint: commands that a page's session may not send (contexts, targets). */
    private static final class DevTools implements WebSocket.Listener {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();

        DevTools(HttpClient http, URI endpoint) {
            this.socket = http.newWebSocketBuilder().buildAsync(endpoint, this).join();
        }

        JsonNode call(String method, ObjectNode params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(JSON.createObjectNode().put("id", id).put("method", method).set("params", params).toString(), true).join();
            JsonNode reply;
            try {
                reply = answer.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(method + " got no answer", e);
            } finally {
                pending.remove(id);
            }
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.path("error"));
            }
            return reply.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> waiting = message.has("id") ? pending.get(message.get("id").asInt()) : null;
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                } catch (IOException ignored) {
                    // not an answer to a command (events are not asked for)
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }
}
