package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a content (or part of it) into the agent from up to 8 sources at once.",
                "Every segment is verified against the creator-signed manifest before it is stored."})
public class FetchCommand implements Callable<Integer> {

    @Mixin
    LocalClient client;

    @Parameters(paramLabel = "MANIFEST", description = "Signed manifest: a file (shoal-manifest.json), an HLS folder holding one, or an http(s) URL")
    String manifest;

    @Option(names = "--source", paramLabel = "URL|DIR", required = true,
            description = "Another agent or mirror (base URL), or a local HLS folder; repeat for more")
    List<String> sources;

    @Option(names = "--rendition", paramLabel = "NAME", description = "Only these renditions (repeatable)")
    Set<String> renditions;

    @Option(names = "--from", paramLabel = "N", description = "First segment index")
    Integer from;

    @Option(names = "--to", paramLabel = "N", description = "Last segment index")
    Integer to;

    @Option(names = "--pin", description = "Pin the content as well")
    boolean pin;

    @Option(names = "--no-progress", description = "No progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        try {
            String json = readManifest();
            List<String> resolved = sources.stream().map(s -> s.startsWith("http://") || s.startsWith("https://") ? s
                    : Path.of(s).toAbsolutePath().toString()).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("manifest", json);
            body.put("sources", resolved);
            body.put("renditions", renditions);
            body.put("from", from);
            body.put("to", to);
            body.put("pin", pin);
            JsonNode started = client.call("POST", "/api/local/fetches", body);
            String id = started.path("id").asText();
            long total = started.path("bytes").asLong();
            JsonNode p = started;
            ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("fetch")
                    .setInitialMax(total).setUnit(" MB", 1_000_000).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).continuousUpdate().build();
            try {
                while (p.path("state").asText().equals("RUNNING")) {
                    Thread.sleep(200);
                    p = client.call("GET", "/api/local/fetches/" + id, null);
                    if (bar != null) {
                        bar.stepTo(Math.min(total, p.path("bytesReceived").asLong()));
                        bar.setExtraMessage(p.path("segmentsDone").asInt() + "/" + p.path("segments").asInt() + " segments");
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            String state = p.path("state").asText();
            System.out.printf("%s: content %s, %d/%d segments, %d bytes received in %d ms%n", state.toLowerCase(),
                    p.path("contentId").asText(), p.path("segmentsDone").asInt(), p.path("segments").asInt(),
                    p.path("bytesReceived").asLong(), p.path("millis").asLong());
            for (JsonNode s : p.path("sources")) {
                System.out.printf("  source %s: %d bytes, %d requests%s%n", s.path("name").asText(), s.path("bytes").asLong(),
                        s.path("requests").asInt(), s.path("droppedBecause").isNull() ? ""
                                : ", dropped: " + s.path("droppedBecause").asText());
            }
            for (JsonNode f : p.path("failures")) {
                System.err.println("  failed: " + f.asText());
            }
            return state.equals("COMPLETE") ? 0 : 1;
        } catch (LocalClient.Failure f) {
            return LocalClient.fail(f);
        }
    }

    private String readManifest() throws Exception {
        if (manifest.startsWith("http://") || manifest.startsWith("https://")) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(manifest)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new LocalClient.Failure("GET " + manifest + " answered " + r.statusCode());
            }
            return r.body();
        }
        Path p = Path.of(manifest);
        if (Files.isDirectory(p)) {
            p = p.resolve("shoal-manifest.json");
        }
        if (!Files.isRegularFile(p)) {
            throw new LocalClient.Failure("no manifest at " + p + " (make one with: ./shoal publish DIR)");
        }
        return Files.readString(p);
    }
}
