package dev.shoal.media.ffmpeg;

import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.segment.SegmentRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real ffmpeg on a short 1280x720 test pattern with sound: both ways of running it give the same ladder in 8 s
 * segments that start at the same instants in every rendition, a master playlist the manifest builder reads with
 * RESOLUTION and CODECS, and progress up to the source's length; a file that is not a video is refused by ffprobe.
 */
class TranscoderTests {

    @TempDir
    static Path dir;
    static Path clip;
    static Ffmpeg ffmpeg;

    @BeforeAll
    static void aClip() throws Exception {
        ffmpeg = Ffmpeg.locate(null);
        clip = dir.resolve("pattern.mp4");
        Process p = new ProcessBuilder(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc=duration=18:size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=18",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", clip.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transcoder.Processes.class)
    void theLadderComesOutInAlignedEightSecondSegments(Transcoder.Processes processes) {
        VideoSource source = ffmpeg.probe(clip);
        assertThat(source.hasAudio()).isTrue();
        assertThat(source.durationSeconds()).isBetween(17.9, 18.2);
        Path out = dir.resolve("hls-" + processes);
        Map<String, Double> progress = new ConcurrentHashMap<>();

        new Transcoder(ffmpeg, "ultrafast").run(clip, source, Ladder.of(source), out, processes, (r, s) -> progress.merge(r, s, Math::max));

        Manifest manifest = ManifestBuilder.build(HlsFolder.open(out), "pattern", DemoKeys.creator().address());
        assertThat(manifest.renditions()).extracting(r -> r.name() + " " + r.width() + "x" + r.height())
                .containsExactly("720p 1280x720", "360p 640x360");
        for (var r : manifest.renditions()) {
            assertThat(r.codecs()).startsWith("avc1.").contains("mp4a.40.2");
            assertThat(r.bandwidth()).isPositive();
            assertThat(r.segments()).extracting(SegmentRecord::durationMicros).hasSize(3)
                    .satisfies(d -> assertThat(d.get(0)).isEqualTo(8_000_000L), d -> assertThat(d.get(1)).isEqualTo(8_000_000L));
        }
        assertThat(progress.keySet()).containsExactlyInAnyOrder("720p", "360p");
        assertThat(progress.values()).allSatisfy(s -> assertThat(s).isGreaterThan(17.0));
    }

    @Test
    void aPosterIsOneJpegFrameAtMost1280Wide() throws Exception {
        Path poster = ffmpeg.poster(clip, 1.8, dir.resolve("poster.jpg"));
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(poster.toFile());
        assertThat(picture.getWidth()).isEqualTo(1280);
        assertThat(picture.getHeight()).isEqualTo(720);
        byte[] bytes = Files.readAllBytes(poster);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        assertThatThrownBy(() -> ffmpeg.poster(dir.resolve("missing.mp4"), 0, dir.resolve("none.jpg")))
                .isInstanceOf(MediaException.class).hasMessageStartingWith("ffmpeg could not take a poster frame");
    }

    @Test
    void aPosterOfAnHlsSegmentCutMidStreamIsTakenToo() throws Exception {
        // an 8 s .ts segment as ffmpeg's HLS muxer cuts one (timestamps starting past 0, B-frames): seeking the input
        // to 2 s decodes nothing there, and ffmpeg still exits 0
        Path hls = Files.createDirectories(dir.resolve("hls"));
        Process cut = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc=duration=16:size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=16", "-c:v", "libx264", "-preset", "veryfast", "-g", "200",
                "-keyint_min", "200", "-sc_threshold", "0", "-c:a", "aac", "-f", "hls", "-hls_time", "8", "-hls_playlist_type", "vod",
                "-hls_segment_filename", hls.resolve("seg_%03d.ts").toString(), hls.resolve("video.m3u8").toString())
                .redirectErrorStream(true).start();
        assertThat(cut.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cut.exitValue()).isZero();
        Path poster = ffmpeg.poster(hls.resolve("seg_000.ts"), 2, dir.resolve("segment-poster.jpg"));
        assertThat(javax.imageio.ImageIO.read(poster.toFile()).getWidth()).isEqualTo(640);
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedByName() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "these are not the frames you are looking for\n".repeat(100));
        assertThatThrownBy(() -> ffmpeg.probe(text)).isInstanceOf(MediaException.class)
                .hasMessageStartingWith("notes.mp4 is not a video ffmpeg can read: ")
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.NOT_VIDEO);
    }

    @Test
    void aCutOffVideoIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(clip);
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 3));
        assertThatThrownBy(() -> ffmpeg.probe(cut)).isInstanceOf(MediaException.class)
                .hasMessageStartingWith("cut.mp4 is a damaged or incomplete video ffmpeg cannot read: ")
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.CORRUPT);
    }

    @Test
    void aVideoWithItsIndexFirstCutShortIsRefusedThoughFfprobeReadsItsHeader() throws Exception {
        Path faststart = dir.resolve("faststart.mp4");
        Process p = new ProcessBuilder(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(), "-c", "copy",
                "-movflags", "+faststart", faststart.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(ffmpeg.probe(faststart).durationSeconds()).as("whole, it is a video").isGreaterThan(17.0);
        byte[] whole = Files.readAllBytes(faststart);
        Path cut = Files.write(dir.resolve("cut-faststart.mp4"), java.util.Arrays.copyOf(whole, whole.length / 3));
        assertThatThrownBy(() -> ffmpeg.probe(cut)).isInstanceOf(MediaException.class)
                .hasMessageStartingWith("cut-faststart.mp4 is a damaged or incomplete video: ")
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.CORRUPT);
    }
}
