package dev.shoal.gateway.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that are not ours, on the gateway's playlists: ffmpeg with its default settings (the strictest stock
 * HLS client at hand: it refuses segment URIs without a media extension) and hls.js's own M3U8 parser in node.
 */
public final class StockClients {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("shoal-root", "..")).toAbsolutePath().normalize();

    private StockClients() {
    }

    /** What ffmpeg read: packets and seconds of the first video stream, and anything it complained about. */
    public record FfmpegRun(int exit, long videoPackets, double videoSeconds, List<String> complaints) {
    }

    /**
     * {@code ffmpeg -i MASTER -map 0 -c copy -f framemd5 -}: every packet of every variant, read through the
     * playlists and the gateway's redirects, with nothing but ffmpeg's defaults.
     */
    public static FfmpegRun ffmpegPlays(String masterUrl) throws IOException, InterruptedException {
        return ffmpegPlays(masterUrl, List.of());
    }

    /** The same for the first {@code seconds} of a live playlist (ffmpeg starts 3 segments behind its end). */
    public static FfmpegRun ffmpegPlaysFor(String playlistUrl, int seconds) throws IOException, InterruptedException {
        return ffmpegPlays(playlistUrl, List.of("-t", Integer.toString(seconds)));
    }

    private static FfmpegRun ffmpegPlays(String masterUrl, List<String> output) throws IOException, InterruptedException {
        Path log = Files.createTempFile("shoal-ffmpeg", ".log");
        try {
            List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                    "-i", masterUrl, "-map", "0", "-c", "copy"));
            command.addAll(output);
            command.addAll(List.of("-f", "framemd5", "-"));
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            String packets = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("ffmpeg ended").isTrue();
            long count = 0;
            double lastEnd = 0;
            double timeBase = 0;
            for (String line : packets.lines().toList()) {
                if (line.startsWith("#tb 0:")) {
                    String[] tb = line.substring(6).strip().split("/");
                    timeBase = Double.parseDouble(tb[0]) / Double.parseDouble(tb[1]);
                } else if (line.startsWith("0,")) {
                    String[] f = line.split(",");
                    count++;
                    lastEnd = Math.max(lastEnd, (Long.parseLong(f[2].strip()) + Long.parseLong(f[3].strip())) * timeBase);
                }
            }
            // ffmpeg tries its open connection to the gateway first, and says so when the redirect leads to an agent
            List<String> complaints = Files.readAllLines(log).stream().filter(l -> !l.isBlank())
                    .filter(l -> !l.contains("Cannot reuse HTTP connection for different host"))
                    .filter(l -> !(l.contains("keepalive request failed") && l.endsWith("retrying with new connection")))
                    .toList();
            return new FfmpegRun(p.exitValue(), count, lastEnd, complaints);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** hls.js's {@code M3U8Parser} over the master and each media playlist; fails the test on any problem. */
    public static JsonNode hlsJsParses(String masterUrl) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/playlists/hlsjs-parse.mjs").toAbsolutePath();
        Path modules = ROOT.resolve("tools/node_modules");
        assertThat(modules.resolve("hls.js/dist/hls.mjs")).as("hls.js in tools/node_modules (./shoal build installs it)").exists();
        Process node = new ProcessBuilder("node", script.toString(), modules.toString(), masterUrl)
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node ended: %s", output).isTrue();
        assertThat(node.exitValue()).as("hls.js parsed the playlists without a problem: %s", output).isZero();
        return JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    }
}
