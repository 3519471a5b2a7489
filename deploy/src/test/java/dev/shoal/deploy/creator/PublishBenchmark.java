package dev.shoal.deploy.creator;

import dev.shoal.media.ffmpeg.Ffmpeg;
import dev.shoal.media.ffmpeg.Ladder;
import dev.shoal.media.ffmpeg.MediaException;
import dev.shoal.media.ffmpeg.Rung;
import dev.shoal.media.ffmpeg.Transcoder;
import dev.shoal.media.ffmpeg.VideoSource;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./shoal bench publish [SECONDS] [WIDTHxHEIGHT] [ROUNDS]}: what {@code shoal publish VIDEO} does on the
 * creator's machine (ffprobe, the ladder, ffmpeg into HLS with its progress read, the master playlist, hashing on
 * every core, signing, the manifest written) against ffmpeg's own transcode of the same file with the same ladder (the
 * one-process command a person would type, without -progress), both ways of running ffmpeg, rounds interleaved so
 * the machine's load falls on all alike. The upload to an agent and the registration are network calls and are left
 * out. Prints each time and the ratios reference / publish (1.0 = no cost over ffmpeg; the goal is at least 0.9).
 */
public final class PublishBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String size = args.length > 1 ? args[1] : "1920x1080";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("shoal-bench-publish");
        try {
            Ffmpeg ffmpeg = Ffmpeg.locate(null);
            Path video = dir.resolve("source.mp4");
            System.out.printf("making a %d s %s source with sound (x264 medium, as a camera or an editor would leave it)...%n", seconds, size);
            run(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=duration=" + seconds + ":size=" + size + ":rate=30", "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                    "-c:v", "libx264", "-preset", "medium", "-b:v", "8M", "-c:a", "aac", "-shortest", video.toString()));
            VideoSource source = ffmpeg.probe(video);
            List<Rung> ladder = Ladder.of(source);
            Transcoder transcoder = new Transcoder(ffmpeg, "veryfast");
            System.out.println("ladder: " + ladder.stream().map(Rung::name).toList() + ", x264 veryfast, "
                    + Runtime.getRuntime().availableProcessors() + " cores");

            List<Double> reference = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            List<Double> perRendition = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // the order turns each round, so a load that grows or fades during a round falls on each in turn
                for (int turn = 0; turn < 3; turn++) {
                    switch ((turn + round - 1) % 3) {
                        case 0 -> reference.add(ffmpegAlone(video, source, ladder, transcoder, dir.resolve("ref-" + round)));
                        case 1 -> one.add(publish(video, source, ladder, transcoder, dir.resolve("one-" + round), Transcoder.Processes.ONE));
                        default -> perRendition.add(publish(video, source, ladder, transcoder, dir.resolve("per-" + round),
                                Transcoder.Processes.PER_RENDITION));
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: ffmpeg alone %.2f s, publish (one process) %.2f s, publish (one per rendition) %.2f s%n",
                        round, reference.get(round - 1), one.get(round - 1), perRendition.get(round - 1));
                for (String d : List.of("ref-", "one-", "per-")) {
                    delete(dir.resolve(d + round));
                }
            }
            double r = median(reference);
            System.out.printf(Locale.ROOT, "%nmedian of %d rounds: ffmpeg alone %.2f s%n", rounds, r);
            System.out.printf(Locale.ROOT, "  publish, one ffmpeg process:         %.2f s; ffmpeg's time / publish's, median of the rounds: %.3fx%n",
                    median(one), median(ratios(reference, one)));
            System.out.printf(Locale.ROOT, "  publish, one ffmpeg per rendition:   %.2f s; ffmpeg's time / publish's, median of the rounds: %.3fx%n",
                    median(perRendition), median(ratios(reference, perRendition)));
        } finally {
            delete(dir);
        }
    }

    /** ffmpeg's own transcode: the same one-process command, as a person would type it (no -progress to read). */
    private static double ffmpegAlone(Path video, VideoSource source, List<Rung> ladder, Transcoder transcoder, Path out) throws Exception {
        Files.createDirectories(out);
        for (Rung r : ladder) {
            Files.createDirectories(out.resolve(r.name()));
        }
        List<String> command = new ArrayList<>(transcoder.oneProcess(video, source, ladder, out));
        int progress = command.indexOf("-progress");
        command.subList(progress, progress + 2).clear();
        long t0 = System.nanoTime();
        run(command);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Double> ratios(List<Double> reference, List<Double> measured) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            out.add(reference.get(i) / measured.get(i));
        }
        return out;
    }

    /** What publish does before the network: transcode, master, hash, sign, manifest written. */
    private static double publish(Path video, VideoSource source, List<Rung> ladder, Transcoder transcoder, Path out,
                                  Transcoder.Processes processes) throws Exception {
        SigningKey key = DemoKeys.creator();
        long t0 = System.nanoTime();
        transcoder.run(video, source, ladder, out, processes, (r, s) -> { });
        long t1 = System.nanoTime();
        HlsFolder folder = HlsFolder.open(out);
        Manifest manifest = ManifestBuilder.build(folder, "bench", key.address(), bytes -> { }, Runtime.getRuntime().availableProcessors());
        SignedManifest signed = manifest.sign(key);
        Files.writeString(out.resolve(HlsFolder.MANIFEST_FILE), signed.toJson(), StandardCharsets.UTF_8);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "  publish (%s): transcode and master %.2f s, hash, sign and write the manifest %.3f s (%s)%n",
                processes.spelling(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, HumanUnits.size(folder.totalBytes()));
        return (t2 - t0) / 1e9;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
