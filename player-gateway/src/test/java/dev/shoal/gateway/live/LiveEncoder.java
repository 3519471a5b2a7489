package dev.shoal.gateway.live;

import java.nio.file.Path;

/** ffmpeg as the tests' encoder: a test pattern pushed over HTTP PUT in real time. */
final class LiveEncoder {

    private LiveEncoder() {
    }

    /** Two renditions ({@code hi}, {@code lo}) for {@code seconds}, in {@code segment}-second segments numbered from the epoch (new names each run). */
    static Process push(String target, int seconds, int segment, Path log) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", Integer.toString(25 * segment), "-keyint_min", Integer.toString(25 * segment),
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-s:v:1", "320x180", "-b:v:0", "600k", "-b:v:1", "150k",
                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", Integer.toString(segment),
                "-hls_flags", "program_date_time", "-hls_start_number_source", "epoch", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,a:0,name:hi v:1,a:1,name:lo", "-method", "PUT", target)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * One rendition in fMP4 ({@code -hls_segment_type fmp4}: an init segment, {@code #EXT-X-MAP}, and .m4s segments) to
     * {@code target} ({@code .../index.m3u8}, rendition {@code index}), for {@code seconds}.
     */
    static Process pushFmp4(String target, int seconds, int segment, Path log) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-g", Integer.toString(25 * segment), "-keyint_min", Integer.toString(25 * segment),
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-b:v", "600k", "-c:a", "aac", "-b:a", "64k",
                "-f", "hls", "-hls_time", Integer.toString(segment), "-hls_segment_type", "fmp4",
                "-hls_flags", "program_date_time", "-hls_start_number_source", "epoch", "-method", "PUT", target)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
