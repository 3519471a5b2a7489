package dev.shoal.media.ffmpeg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The installed ffmpeg and ffprobe: found on the PATH (or given), and ffprobe's reading of a file as a
 * {@link VideoSource}, with a plain sentence for whatever is not a playable video.
 */
public record Ffmpeg(Path ffmpeg, Path ffprobe) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * ffmpeg at {@code given} (its ffprobe beside it), else both from the PATH; a {@link MediaException} saying how to
     * install them when they are not there.
     */
    public static Ffmpeg locate(Path given) {
        if (given != null) {
            Path probe = given.toAbsolutePath().resolveSibling("ffprobe");
            if (!Files.isExecutable(given) || !Files.isExecutable(probe)) {
                throw new MediaException(MediaException.Kind.NO_FFMPEG, "no ffmpeg and ffprobe at " + given + (Files.isExecutable(given) ? " (ffprobe is missing beside it)" : "")
                        + ": install ffmpeg (Debian: apt-get install ffmpeg) or point --ffmpeg at it");
            }
            return new Ffmpeg(given, probe);
        }
        Optional<Path> ffmpeg = onPath("ffmpeg");
        Optional<Path> ffprobe = onPath("ffprobe");
        if (ffmpeg.isEmpty() || ffprobe.isEmpty()) {
            throw new MediaException(MediaException.Kind.NO_FFMPEG, "ffmpeg is not installed (no " + (ffmpeg.isEmpty() ? "ffmpeg" : "ffprobe")
                    + " on the PATH): install it (Debian: apt-get install ffmpeg; macOS: brew install ffmpeg) or give --ffmpeg PATH");
        }
        return new Ffmpeg(ffmpeg.get(), ffprobe.get());
    }

    private static Optional<Path> onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).filter(d -> !d.isBlank()).map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    /** What ffprobe reads in {@code file}; a {@link MediaException} when it is not a video with a length. */
    public VideoSource probe(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("no file at " + file);
        }
        if (!Files.isReadable(file)) {
            throw new MediaException(file + " cannot be read");
        }
        JsonNode info;
        try {
            Path err = Files.createTempFile("shoal-ffprobe", ".log");
            try {
                Process p = new ProcessBuilder(ffprobe.toString(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                        file.toString()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new MediaException("ffprobe did not finish reading " + file + " within 60 s");
                }
                if (p.exitValue() != 0) {
                    String why = lastLine(Files.readString(err, StandardCharsets.UTF_8));
                    throw looksLikeVideo(file)
                            ? new MediaException(MediaException.Kind.CORRUPT, file.getFileName() + " is a damaged or incomplete video ffmpeg cannot read: " + why)
                            : new MediaException(MediaException.Kind.NOT_VIDEO, file.getFileName() + " is not a video ffmpeg can read: " + why);
                }
                info = JSON.readTree(out);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new MediaException("cannot run ffprobe (" + ffprobe + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while ffprobe read " + file, e);
        }
        VideoSource source = read(file, info);
        readThrough(file);
        return source;
    }

    /**
     * Reads every packet once without decoding (a stream copy to nowhere), so a file whose index promises more than it
     * holds (an MP4 with its index first, cut short) is refused now rather than transcoded into a shorter video.
     */
    private void readThrough(Path file) {
        try {
            Path err = Files.createTempFile("shoal-ffmpeg-read", ".log");
            try {
                Process p = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", file.toString(),
                        "-map", "0", "-c", "copy", "-f", "null", "-").redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new MediaException("ffmpeg did not finish reading " + file + " within 10 minutes");
                }
                if (p.exitValue() != 0) {
                    throw new MediaException(MediaException.Kind.CORRUPT, file.getFileName() + " is a damaged or incomplete video: "
                            + lastLine(Files.readString(err, StandardCharsets.UTF_8)));
                }
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new MediaException("cannot run ffmpeg (" + ffmpeg + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while ffmpeg read " + file, e);
        }
    }

    /**
     * One frame of {@code video}, {@code atSeconds} in, as a JPEG of at most 1280 px wide (never upscaled), written to
     * {@code poster}; a {@link MediaException} when ffmpeg cannot.
     */
    public Path poster(Path video, double atSeconds, Path poster) {
        String at = String.format(java.util.Locale.ROOT, "%.3f", Math.max(0, atSeconds));
        // seeking the input is fast (a keyframe near the point); on a stream cut mid-GOP (an HLS .ts segment) it can
        // decode nothing and still exit 0, so then decode from the start up to the point
        String fast = posterFrame(List.of("-ss", at, "-i", video.toString()), poster);
        if (fast == null) {
            return poster;
        }
        String exact = posterFrame(List.of("-i", video.toString(), "-ss", at), poster);
        if (exact == null) {
            return poster;
        }
        throw new MediaException("ffmpeg could not take a poster frame: " + exact);
    }

    /** Runs ffmpeg for one frame with {@code input} (the seek and the source); null if the JPEG is written, else why not. */
    private String posterFrame(List<String> input, Path poster) {
        try {
            Files.deleteIfExists(poster);
            Path err = Files.createTempFile("shoal-poster", ".log");
            try {
                List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-nostdin", "-y"));
                command.addAll(input);
                command.addAll(List.of("-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "3", poster.toString()));
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "no frame within 60 s";
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(poster) || Files.size(poster) == 0) {
                    String why = lastLine(Files.readString(err, StandardCharsets.UTF_8));
                    return why.isBlank() ? "no frame decoded" : why;
                }
                return null;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new MediaException("cannot run ffmpeg (" + ffmpeg + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while ffmpeg took a poster frame", e);
        }
    }

    static VideoSource read(Path file, JsonNode info) {
        String name = file.getFileName().toString();
        JsonNode video = null;
        boolean audio = false;
        for (JsonNode s : info.path("streams")) {
            boolean picture = s.path("disposition").path("attached_pic").asInt(0) == 1;
            if (s.path("codec_type").asText().equals("video") && !picture && video == null) {
                video = s;
            } else if (s.path("codec_type").asText().equals("audio")) {
                audio = true;
            }
        }
        String format = info.path("format").path("format_name").asText("");
        if (video == null) {
            throw new MediaException(MediaException.Kind.NOT_VIDEO, name + " is not a video: ffmpeg finds no picture in it" + (format.isEmpty() ? "" : " (format " + format + ")"));
        }
        double duration = number(info.path("format").path("duration").asText(""), number(video.path("duration").asText(""), 0));
        if (format.startsWith("image2") || format.endsWith("_pipe") || duration <= 0) {
            throw new MediaException(MediaException.Kind.NOT_VIDEO, name + " is a still image or has no length, not a video");
        }
        int width = video.path("width").asInt(0);
        int height = video.path("height").asInt(0);
        if (width <= 0 || height <= 0) {
            throw new MediaException(MediaException.Kind.CORRUPT, name + ": ffmpeg cannot tell the size of its picture (corrupt?)");
        }
        double fps = rate(video.path("avg_frame_rate").asText(""));
        if (fps <= 0 || fps > 240) {
            fps = rate(video.path("r_frame_rate").asText(""));
        }
        return new VideoSource(width, height, fps > 0 && fps <= 240 ? fps : 0, duration, audio);
    }

    /**
     * Whether the file starts like a video container (ISO BMFF/MP4/MOV, Matroska/WebM, AVI, FLV), so that a file
     * ffprobe cannot read is a damaged video rather than something else.
     */
    static boolean looksLikeVideo(Path file) {
        byte[] head = new byte[12];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return looksLikeVideo(head, n);
    }

    static boolean looksLikeVideo(byte[] head, int n) {
        String ascii = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        return n >= 8 && ascii.startsWith("ftyp", 4)
                || n >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf && (head[3] & 0xff) == 0xa3
                || ascii.startsWith("RIFF") && n >= 12 && ascii.startsWith("AVI ", 8)
                || ascii.startsWith("FLV");
    }

    private static double rate(String fraction) {
        String[] parts = fraction.split("/");
        double n = number(parts[0], 0);
        double d = parts.length > 1 ? number(parts[1], 0) : 1;
        return d == 0 ? 0 : n / d;
    }

    private static double number(String text, double otherwise) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static String lastLine(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
    }
}
