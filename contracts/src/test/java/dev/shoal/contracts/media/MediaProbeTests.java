package dev.shoal.contracts.media;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.support.Ffmpeg;
import dev.shoal.contracts.support.TestContent;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media probe against what ffmpeg's own HLS muxer writes in CODECS and RESOLUTION (read from the encoder's
 * parameter sets by code that is not ours): a folder whose master playlist had them taken out must publish
 * with exactly the same values.
 */
class MediaProbeTests {

    @TempDir
    Path tmp;

    @Test
    void theCommittedFixturesGiveWhatTheirMasterPlaylistsSay() {
        for (String fixture : List.of("ts", "fmp4")) {
            Path dir = TestContent.fixtureCopy(fixture, tmp.resolve(fixture));
            HlsFolder folder = HlsFolder.open(dir);
            for (HlsFolder.HlsRendition r : folder.renditions()) {
                MediaFormat probed = r.container() == Container.FMP4
                        ? MediaProbe.fragmentedMp4(r.init() == null ? null : r.init().read())
                        : MediaProbe.transportStream(r.segments().get(0).read());
                assertThat(probed).as("%s/%s", fixture, r.name()).isEqualTo(new MediaFormat(r.codecs(), r.width(), r.height()));
            }
        }
    }

    /** ffmpeg's ladders: profiles, cropped sizes, interlacing, AAC-LC and AAC Main, TS and fMP4. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "ts high 640x360 + baseline 320x180, aac_low",
            "fmp4 main 640x360, aac_main",
            "ts high 854x480 interlaced, no audio",
            "fmp4 high 1280x720 + main 426x240, aac_low",
    })
    void aMasterWithoutCodecsAndResolutionPublishesWithWhatFfmpegWouldHaveWritten(String ladder) throws Exception {
        assertThat(Ffmpeg.available()).as("ffmpeg (Debian package) is needed to make real media").isTrue();
        Path dir = tmp.resolve("ladder");
        Files.createDirectories(dir);
        boolean fmp4 = ladder.startsWith("fmp4");
        boolean audio = !ladder.contains("no audio");
        String[] rungs = ladder.substring(ladder.indexOf(' ') + 1).split(",")[0].split(" \\+ ");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25:duration=2",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=2"));
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < rungs.length; i++) {
            String[] p = rungs[i].strip().split(" ");
            cmd.addAll(List.of("-map", "0:v"));
            if (audio) {
                cmd.addAll(List.of("-map", "1:a"));
            }
            cmd.addAll(List.of("-profile:v:" + i, p[0], "-s:v:" + i, p[1], "-b:v:" + i, (400 - 100 * i) + "k"));
            map.append(i == 0 ? "" : " ").append("v:").append(i).append(audio ? ",a:" + i : "").append(",name:r").append(i);
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"));
        if (ladder.contains("interlaced")) {
            cmd.addAll(List.of("-x264-params", "interlaced=1"));
        }
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-profile:a", ladder.substring(ladder.lastIndexOf(' ') + 1), "-b:a", "64k"));
        }
        cmd.addAll(List.of("-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod"));
        if (fmp4) {
            cmd.addAll(List.of("-hls_segment_type", "fmp4"));
        }
        cmd.addAll(List.of("-master_pl_name", "master.m3u8", "-var_stream_map", map.toString(), dir + "/%v/index.m3u8"));
        assertThat(Ffmpeg.run(cmd, 300)).as(String.join(" ", cmd)).isZero();

        String written = Files.readString(dir.resolve("master.m3u8"));
        MasterPlaylist said = new MasterPlaylistParser().readPlaylist(written);
        assertThat(said.variants()).hasSize(rungs.length).allSatisfy(v -> {
            assertThat(v.codecs()).as("ffmpeg wrote CODECS").isNotEmpty();
            assertThat(v.resolution()).as("ffmpeg wrote RESOLUTION").isPresent();
        });
        Files.writeString(dir.resolve("master.m3u8"), written.replaceAll(",RESOLUTION=[0-9x]+", "")
                .replaceAll(",CODECS=\"[^\"]*\"", ""));
        assertThat(Files.readString(dir.resolve("master.m3u8"))).doesNotContain("CODECS", "RESOLUTION");

        Manifest m = ManifestBuilder.build(HlsFolder.open(dir), "probe", DemoKeys.creator().address());
        for (int i = 0; i < rungs.length; i++) {
            Variant v = said.variants().get(i);
            Rendition r = m.renditions().get(i);
            assertThat(r.container()).isEqualTo(fmp4 ? Container.FMP4 : Container.MPEG_TS);
            assertThat(r.codecs()).as("%s codecs", r.name()).isEqualTo(String.join(",", v.codecs()));
            assertThat(r.width() + "x" + r.height()).as("%s resolution", r.name())
                    .isEqualTo(v.resolution().orElseThrow().width() + "x" + v.resolution().orElseThrow().height());
        }
    }

    @Test
    void aStreamItCannotNameMakesTheCodecsUnknownNotPartial() throws Exception {
        byte[] ts = Files.readAllBytes(TestContent.fixtureCopy("ts", tmp).resolve("hi/seg_000.ts"));
        // the program map's one stream, H.264 (0x1b), declared as HEVC (0x24): a codec the probe does not parse
        int pmt = -1;
        for (int off = 0; off < ts.length && pmt < 0; off += 188) {
            int pid = ((ts[off + 1] & 0x1f) << 8) | (ts[off + 2] & 0xff);
            if (pid == 0x1000 && (ts[off + 1] & 0x40) != 0) {
                pmt = off;
            }
        }
        assertThat(pmt).as("ffmpeg's program map PID").isNotNegative();
        int entry = pmt + 5 + 12 + (((ts[pmt + 5 + 10] & 0x0f) << 8) | (ts[pmt + 5 + 11] & 0xff));
        assertThat(ts[entry]).isEqualTo((byte) 0x1b);
        ts[entry] = 0x24;
        assertThat(MediaProbe.transportStream(ts)).isEqualTo(MediaFormat.UNKNOWN);
    }

    @Test
    void garbageAndDamagedMediaGiveUnknownAndNeverThrow() throws Exception {
        Path dir = TestContent.fixtureCopy("fmp4", tmp);
        byte[] init = Files.readAllBytes(dir.resolve("hi/init_0.mp4"));
        byte[] ts = Files.readAllBytes(TestContent.fixtureCopy("ts", tmp.resolve("ts")).resolve("hi/seg_000.ts"));
        assertThat(MediaProbe.transportStream(new byte[0])).isEqualTo(MediaFormat.UNKNOWN);
        assertThat(MediaProbe.fragmentedMp4(null)).isEqualTo(MediaFormat.UNKNOWN);
        assertThat(MediaProbe.fragmentedMp4(ts)).isEqualTo(MediaFormat.UNKNOWN);
        assertThat(MediaProbe.transportStream(init)).isEqualTo(MediaFormat.UNKNOWN);
        Random random = new Random(14);
        for (int i = 0; i < 2000; i++) {
            byte[] a = (i % 2 == 0 ? init : ts).clone();
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                a[random.nextInt(Math.min(a.length, 2048))] = (byte) random.nextInt(256);
            }
            MediaFormat f = i % 2 == 0 ? MediaProbe.fragmentedMp4(a) : MediaProbe.transportStream(a);
            assertThat(f.width()).isBetween(0, 65_535);
        }
        assertThat(MediaProbe.isTransportStream(ts)).isTrue();
        assertThat(MediaProbe.isTransportStream(init)).isFalse();
        assertThat(MediaProbe.isIsoBmff(init)).isTrue();
        assertThat(MediaProbe.isIsoBmff(Files.readAllBytes(dir.resolve("hi/seg_000.m4s")))).isTrue();
        assertThat(MediaProbe.isIsoBmff(ts)).isFalse();
        assertThat(MediaProbe.isIsoBmff("#EXTM3U\n".getBytes())).isFalse();
    }
}
