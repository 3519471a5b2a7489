package dev.shoal.media.ffmpeg;

import dev.shoal.contracts.manifest.HlsFolder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Transcodes a video into an HLS folder ffmpeg-style: one folder per rendition ({@code 720p/index.m3u8} and its
 * MPEG-TS segments) and {@code master.m3u8} with each rendition's measured peak BANDWIDTH and RESOLUTION. Segments
 * are 8 s, cut at keyframes that every rendition places at the same instants (a keyframe forced every 8 s, no
 * scene-cut keyframes), so a player switches renditions at any segment boundary.
 */
public final class Transcoder {

    public static final int SEGMENT_SECONDS = 8;
    public static final String MASTER = "master.m3u8";

    /** How the renditions are made: all from one ffmpeg process (one decode), or one ffmpeg process per rendition, in parallel. */
    public enum Processes {
        ONE, PER_RENDITION;

        /** The option's spelling. */
        public String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Seconds of the source done so far, per rendition (called from the transcoding threads). */
    public interface Progress {
        void at(String rendition, double seconds);
    }

    private final Ffmpeg tools;
    private final String preset;

    public Transcoder(Ffmpeg tools, String preset) {
        this.tools = tools;
        this.preset = preset;
    }

    /** Transcodes {@code input} into {@code out} (an empty or new folder); a {@link MediaException} with ffmpeg's word when it fails. */
    public void run(Path input, VideoSource source, List<Rung> ladder, Path out, Processes processes, Progress progress) {
        try {
            for (Rung r : ladder) {
                Files.createDirectories(out.resolve(r.name()));
            }
        } catch (IOException e) {
            throw new MediaException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        List<Job> jobs = new ArrayList<>();
        if (processes == Processes.ONE) {
            jobs.add(new Job(oneProcess(input, source, ladder, out), ladder.stream().map(Rung::name).toList()));
        } else {
            for (Rung r : ladder) {
                jobs.add(new Job(perRendition(input, source, r, out), List.of(r.name())));
            }
        }
        runAll(input, jobs, progress);
        writeMaster(source, ladder, out);
    }

    /** The command of {@link Processes#ONE}: the picture split once per rung, {@code -var_stream_map} names the outputs. */
    public List<String> oneProcess(Path input, VideoSource source, List<Rung> ladder, Path out) {
        List<String> cmd = start(input);
        StringBuilder graph = new StringBuilder("[0:v]split=" + ladder.size());
        for (int i = 0; i < ladder.size(); i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < ladder.size(); i++) {
            Rung r = ladder.get(i);
            graph.append(";[s").append(i).append("]scale=").append(r.width()).append(':').append(r.height()).append("[v").append(i).append(']');
        }
        cmd.addAll(List.of("-filter_complex", graph.toString()));
        StringBuilder streams = new StringBuilder();
        for (int i = 0; i < ladder.size(); i++) {
            Rung r = ladder.get(i);
            cmd.addAll(List.of("-map", "[v" + i + "]"));
            if (source.hasAudio()) {
                cmd.addAll(List.of("-map", "0:a:0"));
            }
            streams.append(i == 0 ? "" : " ").append("v:").append(i).append(source.hasAudio() ? ",a:" + i : "").append(",name:").append(r.name());
        }
        cmd.addAll(videoCodec(source));
        for (int i = 0; i < ladder.size(); i++) {
            Rung r = ladder.get(i);
            cmd.addAll(List.of("-b:v:" + i, r.videoKbps() + "k", "-maxrate:v:" + i, r.videoKbps() * 107 / 100 + "k",
                    "-bufsize:v:" + i, r.videoKbps() * 2 + "k"));
            if (source.hasAudio()) {
                cmd.addAll(List.of("-b:a:" + i, r.audioKbps() + "k"));
            }
        }
        if (source.hasAudio()) {
            cmd.addAll(List.of("-c:a", "aac", "-ac", "2"));
        }
        cmd.addAll(hls(out.resolve("%v")));
        cmd.addAll(List.of("-var_stream_map", streams.toString(), out.resolve("%v").resolve("index.m3u8").toString()));
        return cmd;
    }

    /** The command of one rendition under {@link Processes#PER_RENDITION}. */
    public List<String> perRendition(Path input, VideoSource source, Rung r, Path out) {
        List<String> cmd = start(input);
        cmd.addAll(List.of("-map", "0:v:0"));
        if (source.hasAudio()) {
            cmd.addAll(List.of("-map", "0:a:0"));
        }
        cmd.addAll(List.of("-vf", "scale=" + r.width() + ":" + r.height()));
        cmd.addAll(videoCodec(source));
        cmd.addAll(List.of("-b:v", r.videoKbps() + "k", "-maxrate:v", r.videoKbps() * 107 / 100 + "k", "-bufsize:v", r.videoKbps() * 2 + "k"));
        if (source.hasAudio()) {
            cmd.addAll(List.of("-c:a", "aac", "-ac", "2", "-b:a", r.audioKbps() + "k"));
        }
        cmd.addAll(hls(out.resolve(r.name())));
        cmd.add(out.resolve(r.name()).resolve("index.m3u8").toString());
        return cmd;
    }

    private List<String> start(Path input) {
        return new ArrayList<>(List.of(tools.ffmpeg().toString(), "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats",
                "-progress", "pipe:1", "-y", "-i", input.toString()));
    }

    private List<String> videoCodec(VideoSource source) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p",
                "-sc_threshold", "0", "-force_key_frames", "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")"));
        if (source.frameRate() > 0) {
            String gop = Long.toString(Math.round(source.frameRate() * SEGMENT_SECONDS));
            args.addAll(List.of("-g", gop, "-keyint_min", gop));
        }
        return args;
    }

    private static List<String> hls(Path renditionDir) {
        return List.of("-f", "hls", "-hls_time", Integer.toString(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", renditionDir.resolve("seg_%05d.ts").toString());
    }

    private record Job(List<String> command, List<String> renditions) {
    }

    private static void runAll(Path input, List<Job> jobs, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs.size(), r -> {
            Thread t = new Thread(r, "shoal-ffmpeg");
            t.setDaemon(true);
            return t;
        });
        List<Process> started = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Job job : jobs) {
                running.add(pool.submit(() -> {
                    run(input, job, progress, started);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    started.forEach(Process::destroyForcibly);
                    if (e.getCause() instanceof MediaException ce) {
                        throw ce;
                    }
                    throw new MediaException("transcoding failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            started.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while transcoding", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(Path input, Job job, Progress progress, List<Process> started) throws IOException, InterruptedException {
        Path log = Files.createTempFile("shoal-ffmpeg", ".log");
        try {
            Process p = new ProcessBuilder(job.command()).redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            started.add(p);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("out_time_us=")) {
                        long micros = parse(line.substring("out_time_us=".length()));
                        if (micros >= 0) {
                            job.renditions().forEach(r -> progress.at(r, micros / 1e6));
                        }
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new MediaException("ffmpeg could not transcode " + input.getFileName() + " (exit " + p.exitValue() + "): "
                        + Ffmpeg.lastLine(Files.readString(log, StandardCharsets.UTF_8)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The master playlist over the renditions ffmpeg wrote: peak and average bandwidth measured on the segments. */
    private static void writeMaster(VideoSource source, List<Rung> ladder, Path out) {
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Rung r : ladder) {
            HlsFolder.HlsRendition media = HlsFolder.open(out.resolve(r.name())).renditions().get(0);
            long peak = 0;
            long bytes = 0;
            long micros = 0;
            for (HlsFolder.SegmentSource s : media.segments()) {
                long size = s.expectedSize();
                bytes += size;
                micros += s.durationMicros();
                // a short last segment says little about the peak
                if (s.durationMicros() >= 1_000_000 || media.segments().size() == 1) {
                    peak = Math.max(peak, Math.round(size * 8 * 1e6 / Math.max(1, s.durationMicros())));
                }
            }
            long average = Math.round(bytes * 8 * 1e6 / Math.max(1, micros));
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(peak, average)).append(",AVERAGE-BANDWIDTH=").append(average)
                    .append(",RESOLUTION=").append(r.width()).append('x').append(r.height());
            if (source.frameRate() > 0) {
                master.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", source.frameRate()));
            }
            master.append('\n').append(r.name()).append("/index.m3u8\n");
        }
        try {
            Files.writeString(out.resolve(MASTER), master.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MediaException("cannot write " + out.resolve(MASTER) + ": " + e.getMessage(), e);
        }
    }
}
