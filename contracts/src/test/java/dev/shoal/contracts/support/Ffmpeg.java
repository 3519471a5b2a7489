package dev.shoal.contracts.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds ffmpeg, installing Debian's package when it is absent and we are root; else the test that needs it fails. */
public final class Ffmpeg {

    private static Boolean available;

    private Ffmpeg() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            available = onPath() || (isRoot() && install() && onPath());
        }
        return available;
    }

    /** Fails with what to install when this machine has no ffmpeg: tests that need it are never skipped. */
    public static void require() {
        if (!available()) {
            throw new AssertionError("this test needs ffmpeg: ./shoal test installs it when it runs as root;"
                    + " else apt-get install -y ffmpeg");
        }
    }

    private static boolean onPath() {
        return run(List.of("ffmpeg", "-hide_banner", "-version"), 30) == 0;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean install() {
        if (run(List.of("apt-get", "install", "-y", "-qq", "ffmpeg"), 600) == 0) {
            return true;
        }
        return run(List.of("apt-get", "update", "-qq"), 300) == 0
                && run(List.of("apt-get", "install", "-y", "-qq", "ffmpeg"), 600) == 0;
    }

    /** Runs a command, discarding output; returns its exit code, or -1 when it cannot start or times out. */
    public static int run(List<String> command, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Writes {@code seconds} of test pattern as VOD HLS into {@code dir}: one rendition, or two with a master
     * playlist; MPEG-TS or fMP4.
     */
    public static void makeHls(Path dir, boolean fmp4, boolean twoRenditions, int seconds) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:duration=" + seconds));
        if (twoRenditions) {
            cmd.addAll(List.of("-filter_complex", "[0:v]split=2[a][b];[b]scale=96:54[b2]", "-map", "[a]", "-map", "[b2]",
                    "-b:v:0", "120k", "-b:v:1", "60k"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-keyint_min", "10",
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1",
                "-hls_playlist_type", "vod"));
        String ext = fmp4 ? "m4s" : "ts";
        if (fmp4) {
            cmd.addAll(List.of("-hls_segment_type", "fmp4"));
        }
        if (twoRenditions) {
            cmd.addAll(List.of("-master_pl_name", "master.m3u8", "-var_stream_map", "v:0,name:hi v:1,name:lo",
                    "-hls_segment_filename", dir + "/%v/seg_%03d." + ext, dir + "/%v/index.m3u8"));
        } else {
            cmd.addAll(List.of("-hls_segment_filename", dir + "/seg_%03d." + ext, dir + "/index.m3u8"));
        }
        int code = run(cmd, 300);
        if (code != 0) {
            throw new IOException("ffmpeg exited with " + code + ": " + String.join(" ", cmd));
        }
    }
}
