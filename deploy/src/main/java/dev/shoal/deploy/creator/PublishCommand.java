package dev.shoal.deploy.creator;

import dev.shoal.media.ffmpeg.Ffmpeg;
import dev.shoal.media.ffmpeg.Ladder;
import dev.shoal.media.ffmpeg.MediaException;
import dev.shoal.media.ffmpeg.Rung;
import dev.shoal.media.ffmpeg.Transcoder;
import dev.shoal.media.ffmpeg.VideoSource;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code shoal publish VIDEO}: the creator's whole path from an ordinary video file to a watch link. ffprobe reads the
 * source, {@link Ladder} picks the renditions, {@link Transcoder} runs ffmpeg into 8-second HLS with a progress bar
 * per rendition, contracts' {@link ManifestBuilder} hashes and the creator's key signs, {@link AgentUpload} puts the
 * content on the creator's agent (its origin), and the marketplace registers it with the stored login. Nothing is
 * registered unless every step before worked. {@code shoal publish DIR} still signs an HLS folder as it always did.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish a video file: transcode it with ffmpeg into HLS renditions suited to it (1080p, 720p, 360p, never above"
                + " the source; 8 s segments), sign its manifest, upload it to your agent, register it with the marketplace and print"
                + " the watch link. Sign in first with shoal login.",
                "With an HLS folder (DIR): only build and sign its manifest, and print the content id.",
                "Defaults (marketplace, gateway, agent) come from the local stack started by ./shoal up or ./shoal demo."})
public final class PublishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO|DIR", description = "a video file (any format ffmpeg reads), or an HLS folder")
    Path source;

    @Option(names = "--key", paramLabel = "FILE", description = "your private key file (64 hex digits); default: the public demo creator key")
    Path keyFile;

    @Option(names = "--title", paramLabel = "T", description = "title; default: the file's or folder's name")
    String title;

    @Option(names = "--output", paramLabel = "DIR", description = "where the HLS renditions go (default: VIDEO's folder, <name>-hls); must be new or empty")
    Path output;

    @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
    String marketplace;

    @Option(names = "--gateway", paramLabel = "URL", description = "the player gateway the watch link points at (default: the local stack's)")
    String gateway;

    @Option(names = "--agent", paramLabel = "URL", description = "your agent, the content's origin (default: the local stack's " + LocalStack.ORIGIN_AGENT + ")")
    String agent;

    @Option(names = "--agent-data", paramLabel = "DIR", description = "that agent's data folder, for its operator token (default: the local stack's)")
    Path agentData;

    @Option(names = "--ffmpeg", paramLabel = "PATH", description = "the ffmpeg to run, ffprobe beside it (default: from the PATH)")
    Path ffmpegPath;

    @Option(names = "--processes", paramLabel = "one|per-rendition", defaultValue = "one", converter = ProcessesConverter.class,
            description = "one ffmpeg process decoding once for every rendition, or one per rendition in parallel (default: ${DEFAULT-VALUE})")
    Transcoder.Processes processes;

    @Option(names = "--preset", paramLabel = "P", defaultValue = "veryfast",
            description = "x264's speed/size preset: ultrafast ... veryslow (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    static final class ProcessesConverter implements CommandLine.ITypeConverter<Transcoder.Processes> {
        @Override
        public Transcoder.Processes convert(String value) {
            return Stream.of(Transcoder.Processes.values()).filter(p -> p.spelling().equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("one or per-rendition, not " + value));
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.isDirectory(source)) {
            return folder(out, err);
        }
        try {
            String watch = video(out);
            out.println("Watch it: " + watch);
            out.flush();
            return 0;
        } catch (CreatorException | MediaException e) {
            err.println("shoal publish: " + e.getMessage());
            err.println("Nothing was registered.");
            err.flush();
            return 1;
        } catch (ContentException e) {
            err.println("shoal publish: [" + e.code() + "] " + e.getMessage());
            err.println("Nothing was registered.");
            err.flush();
            return 1;
        }
    }

    /** The HLS folder path, as contracts' publish command has it. */
    private int folder(PrintWriter out, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of(source.toString()));
        if (keyFile != null) {
            args.addAll(List.of("--key", keyFile.toString()));
        }
        if (title != null) {
            args.addAll(List.of("--title", title));
        }
        if (noProgress) {
            args.add("--no-progress");
        }
        return new CommandLine(new dev.shoal.contracts.cli.PublishCommand()).setOut(out).setErr(err).execute(args.toArray(String[]::new));
    }

    private String video(PrintWriter out) {
        Path video = source.toAbsolutePath();
        Ffmpeg tools = Ffmpeg.locate(ffmpegPath);
        VideoSource probed = tools.probe(video);
        LocalStack local = LocalStack.find().orElse(null);
        String marketUrl = url(marketplace, local == null ? null : local.marketplace().orElse(null), "--marketplace");
        String watchBase = url(gateway, local == null ? null : local.gateway().orElse(null), "--gateway");
        String origin = url(agent, local == null ? null : local.originAgent().orElse(null), "--agent");
        Path originData = agentData != null ? agentData : local != null ? local.originAgentData() : null;
        if (originData == null) {
            throw new CreatorException("no --agent-data given and no local stack running: the agent's data folder holds its operator token");
        }
        AgentUpload upload = new AgentUpload(origin, AgentUpload.tokenOf(originData));
        CreatorHome home = CreatorHome.locate();
        CreatorSession.open(home); // signed in? Better to know before minutes of transcoding
        SigningKey key = key(out);
        Path hls = outputFolder(video);
        List<Rung> ladder = Ladder.of(probed);
        out.printf("%s: %dx%d, %s, %s%s%n", video.getFileName(), probed.width(), probed.height(),
                probed.frameRate() > 0 ? String.format(java.util.Locale.ROOT, "%.3g fps", probed.frameRate()) : "frame rate unknown",
                HumanUnits.duration(probed.durationSeconds()), probed.hasAudio() ? ", with sound" : ", no sound");
        out.println("Renditions: " + ladder.stream().map(r -> r.name() + " (" + r.width() + "x" + r.height() + ", " + r.videoKbps() + " kb/s)")
                .collect(Collectors.joining(", ")));
        out.flush();

        long begin = System.nanoTime();
        try {
            transcode(video, probed, ladder, hls);
        } catch (RuntimeException e) {
            deleteQuietly(hls);
            throw e;
        }
        long transcoded = System.nanoTime();
        HlsFolder folder = HlsFolder.open(hls);
        String name = title != null ? title : stem(video.getFileName().toString());
        Manifest manifest = hash(folder, name, key);
        SignedManifest signed = manifest.sign(key);
        write(hls.resolve(HlsFolder.MANIFEST_FILE), signed.toJson());
        long hashed = System.nanoTime();
        String contentId = signed.contentId().hex();
        long total = folder.totalBytes();
        out.printf("Transcoded in %.1f s, hashed and signed in %.1f s: %s in %s, content %s%n", (transcoded - begin) / 1e9,
                (hashed - transcoded) / 1e9, HumanUnits.size(total), hls, contentId);
        out.flush();

        bar("Uploading", total, 1L << 20, " MiB", step -> upload.upload(signed, folder, step));
        out.println("Served by your agent " + upload.url() + " (pinned there)");

        ServiceClient market = new ServiceClient(marketUrl).withBearer(CreatorSession.open(home).accessToken());
        try {
            market.post("/api/contents", Map.of("manifest", signed.toJson(), "origins", List.of(upload.url())), JsonNode.class);
        } catch (ServiceClient.Refused e) {
            throw new CreatorException("the marketplace refused the content: " + e.getMessage());
        } catch (ServiceClient.Unreachable e) {
            throw new CreatorException(e.getMessage() + " (the content stays on your agent; publish again to register it)");
        }
        poster(tools, video, probed, hls, market, contentId, out);
        out.printf("Published '%s': %d renditions (%s), %s, %s%n", name, manifest.renditions().size(),
                manifest.renditions().stream().map(r -> r.name()).collect(Collectors.joining(", ")),
                HumanUnits.duration(manifest.renditions().get(0).durationMicros() / 1e6), HumanUnits.size(total));
        out.println("Content id: " + contentId);
        return watchBase + "/watch/" + contentId;
    }

    /**
     * A frame a tenth of the way in (at most 10 s: past a black first frame, before the story starts) becomes the
     * content's poster. The content is registered by now, so a poster that fails is a warning, not a failed publish.
     */
    private void poster(Ffmpeg tools, Path video, VideoSource probed, Path hls, ServiceClient market, String contentId, PrintWriter out) {
        try {
            Path poster = tools.poster(video, Math.min(10, probed.durationSeconds() / 10), hls.resolve("poster.jpg"));
            JsonNode stored = market.put("/api/contents/" + contentId + "/poster", Files.readAllBytes(poster), "image/jpeg", JsonNode.class);
            out.printf("Poster: %dx%d JPEG, %s%n", stored.path("width").asInt(), stored.path("height").asInt(), HumanUnits.size(stored.path("bytes").asLong()));
        } catch (MediaException | CreatorException | ServiceClient.Refused | ServiceClient.Unreachable | java.io.IOException e) {
            out.println("Warning: no poster (" + e.getMessage() + "); the catalog shows a placeholder. The content is published.");
        }
        out.flush();
    }

    private static String url(String given, String local, String option) {
        String url = given != null ? given : local;
        if (url == null) {
            throw new CreatorException("no " + option + " given and no local stack running (./shoal up)");
        }
        return url.replaceAll("/+$", "");
    }

    private SigningKey key(PrintWriter out) {
        return CreatorKeys.load(out, keyFile);
    }

    private Path outputFolder(Path video) {
        Path hls = output != null ? output.toAbsolutePath() : video.resolveSibling(stem(video.getFileName().toString()) + "-hls");
        try {
            if (Files.isDirectory(hls)) {
                try (Stream<Path> entries = Files.list(hls)) {
                    if (entries.findAny().isPresent()) {
                        throw new CreatorException(hls + " is not empty: give --output a new folder, or delete it");
                    }
                }
            } else if (Files.exists(hls)) {
                throw new CreatorException(hls + " is a file, not a folder: give --output a new folder");
            }
            Files.createDirectories(hls);
            return hls;
        } catch (IOException e) {
            throw new CreatorException("cannot create " + hls + ": " + e.getMessage(), e);
        }
    }

    private void transcode(Path video, VideoSource probed, List<Rung> ladder, Path hls) {
        Transcoder transcoder = new Transcoder(Ffmpeg.locate(ffmpegPath), preset);
        long millis = Math.max(1, Math.round(probed.durationSeconds() * 1000));
        if (noProgress) {
            transcoder.run(video, probed, ladder, hls, processes, (r, s) -> { });
            return;
        }
        Map<String, ProgressBar> bars = new LinkedHashMap<>();
        try {
            for (Rung r : ladder) {
                bars.put(r.name(), new ProgressBarBuilder().setTaskName(String.format("%-6s", r.name())).setInitialMax(millis)
                        .setUnit(" s", 1000).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build());
            }
            transcoder.run(video, probed, ladder, hls, processes, (r, seconds) -> bars.get(r).stepTo(Math.min(millis, Math.round(seconds * 1000))));
            bars.values().forEach(b -> b.stepTo(millis));
        } finally {
            bars.values().forEach(ProgressBar::close);
        }
    }

    private Manifest hash(HlsFolder folder, String name, SigningKey key) {
        Manifest[] built = new Manifest[1];
        bar("Hashing", folder.totalBytes(), 1L << 20, " MiB", step -> built[0] = ManifestBuilder.build(folder, name, key.address(), step,
                Runtime.getRuntime().availableProcessors()));
        return built[0];
    }

    private void bar(String task, long max, long unit, String unitName, java.util.function.Consumer<java.util.function.LongConsumer> work) {
        if (noProgress) {
            work.accept(bytes -> { });
            return;
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unitName, unit).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build()) {
            work.accept(bar::stepBy);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CreatorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a half-written folder of ours
        }
    }
}
