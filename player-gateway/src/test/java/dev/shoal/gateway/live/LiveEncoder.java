package dev.shoal.gateway.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ffmpeg as the tests' encoder: a test pattern pushed over HTTP PUT in real time. */
final class LiveEncoder {

    private LiveEncoder() {
    }

    /**
     * The test pattern's picture: {@code hi}'s size and frame rate, {@code lo}'s size, and whether it has sound. The bit
     * rates do not change with it: 600 kb/s and 150 kb/s of video, 64 kb/s of sound each, targets a small picture with
     * sound may fall short of; without sound, 664 and 214 kb/s of video, padded to that constant rate, so a small, slow,
     * silent pattern is as many bytes to carry and less to decode and play (on a 2-core machine, decoding the sound is
     * about a third of a small muted page's CPU).
     */
    record Picture(String size, int rate, String loSize, boolean sound) {

        /** 640x360 at 25 frames a second, {@code lo} 320x180, with sound: what the tests push. */
        static final Picture DEFAULT = new Picture("640x360", 25, "320x180", true);

        /** {@code WxH@RATE}, or {@code WxH@RATE,silent} for no sound; {@code lo} half as wide and high, in even sizes. */
        static Picture parse(String text) {
            String[] comma = text.split(",");
            String[] at = comma[0].split("@");
            String[] wh = at[0].split("x");
            if (at.length != 2 || wh.length != 2 || comma.length > 2 || (comma.length == 2 && !comma[1].equals("silent"))) {
                throw new IllegalArgumentException("a picture is WIDTHxHEIGHT@RATE, e.g. 320x180@10, or 320x180@10,silent for no sound: " + text);
            }
            // halved and kept even: x264 encodes 4:2:0 only in even sizes (160x90's lo is 80x44, not 80x45)
            return new Picture(at[0], Integer.parseInt(at[1]), half(wh[0]) + "x" + half(wh[1]), comma.length == 1);
        }

        private static int half(String size) {
            return Integer.parseInt(size) / 4 * 2;
        }

        @Override
        public String toString() {
            return size + " at " + rate + " fps (lo " + loSize + ")" + (sound ? "" : ", no sound");
        }
    }

    /** Two renditions ({@code hi}, {@code lo}) for {@code seconds}, in {@code segment}-second segments numbered from the epoch (new names each run). */
    static Process push(String target, int seconds, int segment, Path log) throws Exception {
        return push(target, seconds, segment, Picture.DEFAULT, log);
    }

    /** {@link #push(String, int, int, Path)} with this picture, at the same bit rates. */
    static Process push(String target, int seconds, int segment, Picture picture, Path log) throws Exception {
        return new ProcessBuilder(command(target, seconds, segment, picture)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** ffmpeg's command line for {@link #push(String, int, int, Picture, Path)}. */
    static List<String> command(String target, int seconds, int segment, Picture picture) {
        String keyframes = Integer.toString(picture.rate() * segment);
        String hi = picture.sound() ? "600k" : "664k";
        String lo = picture.sound() ? "150k" : "214k";
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + picture.size() + ":rate=" + picture.rate() + ":duration=" + seconds));
        if (picture.sound()) {
            command.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                    "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a"));
        } else {
            command.addAll(List.of("-map", "0:v", "-map", "0:v"));
        }
        command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", keyframes, "-keyint_min", keyframes,
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-s:v:1", picture.loSize(),
                "-b:v:0", hi, "-b:v:1", lo));
        if (picture.sound()) {
            command.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        } else {
            // a small or slow picture falls short of its bit rate (320x180 at 5 fps: 430 kB a segment against 690 kB with
            // the default pattern's 10 fps and sound), so a silent one is padded to it: constant bit rate with filler
            command.addAll(List.of("-minrate:v:0", hi, "-maxrate:v:0", hi, "-bufsize:v:0", hi,
                    "-minrate:v:1", lo, "-maxrate:v:1", lo, "-bufsize:v:1", lo, "-x264-params", "nal-hrd=cbr"));
        }
        command.addAll(List.of("-f", "hls", "-hls_time", Integer.toString(segment),
                "-hls_flags", "program_date_time", "-hls_start_number_source", "epoch", "-master_pl_name", "master.m3u8",
                "-var_stream_map", picture.sound() ? "v:0,a:0,name:hi v:1,a:1,name:lo" : "v:0,name:hi v:1,name:lo", "-method", "PUT", target));
        return command;
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
