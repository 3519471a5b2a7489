package dev.shoal.gateway.live;

import java.nio.file.Path;

/** ffmpeg as the tests' encoder: a test pattern pushed over HTTP PUT in real time. */
final class LiveEncoder {

    private LiveEncoder() {
    }

    /**
     * The test pattern's picture: {@code hi}'s size and frame rate, and {@code lo}'s size. The bit rates do not change
     * with it (600 kb/s and 150 kb/s of video, 64 kb/s of sound each): a smaller, slower picture is as many bytes to
     * carry and less to decode and paint.
     */
    record Picture(String size, int rate, String loSize) {

        /** 640x360 at 25 frames a second, {@code lo} 320x180: what the tests push. */
        static final Picture DEFAULT = new Picture("640x360", 25, "320x180");

        /** {@code WxH@RATE}, {@code lo} half as wide and high. */
        static Picture parse(String text) {
            String[] at = text.split("@");
            String[] wh = at[0].split("x");
            if (at.length != 2 || wh.length != 2) {
                throw new IllegalArgumentException("a picture is WIDTHxHEIGHT@RATE, e.g. 320x180@10: " + text);
            }
            return new Picture(at[0], Integer.parseInt(at[1]), Integer.parseInt(wh[0]) / 2 + "x" + Integer.parseInt(wh[1]) / 2);
        }

        @Override
        public String toString() {
            return size + " at " + rate + " fps (lo " + loSize + ")";
        }
    }

    /** Two renditions ({@code hi}, {@code lo}) for {@code seconds}, in {@code segment}-second segments numbered from the epoch (new names each run). */
    static Process push(String target, int seconds, int segment, Path log) throws Exception {
        return push(target, seconds, segment, Picture.DEFAULT, log);
    }

    /** {@link #push(String, int, int, Path)} with this picture, at the same bit rates. */
    static Process push(String target, int seconds, int segment, Picture picture, Path log) throws Exception {
        String keyframes = Integer.toString(picture.rate() * segment);
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + picture.size() + ":rate=" + picture.rate() + ":duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", keyframes, "-keyint_min", keyframes,
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-s:v:1", picture.loSize(), "-b:v:0", "600k", "-b:v:1", "150k",
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
