package dev.shoal.contracts.playlist;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.support.TestContent;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaylistWriterTests {

    @TempDir
    Path tmp;

    Manifest fixture(String name) {
        return ManifestBuilder.build(HlsFolder.open(TestContent.fixtureCopy(name, tmp)), name,
                DemoKeys.creator().address());
    }

    @Test
    void vodPlaylistsParseStrictlyAndPointWhereTheTemplateSays() throws Exception {
        Manifest m = fixture("fmp4");
        SegmentUriTemplate t = SegmentUriTemplate.defaultAt("http://127.0.0.1:8080/");
        Rendition hi = m.rendition("hi");
        MediaPlaylist media = new MediaPlaylistParser().readPlaylist(PlaylistWriter.media(m, hi, t));
        assertThat(media.ongoing()).isFalse();
        assertThat(media.mediaSegments()).hasSize(hi.segments().size());
        assertThat(media.mediaSegments().get(1).uri())
                .isEqualTo("http://127.0.0.1:8080/segments/" + hi.segments().get(1).sha256().hex() + ".m4s");
        assertThat(media.mediaSegments().get(0).segmentMap().orElseThrow().uri()).endsWith(hi.init().sha256().hex() + ".mp4");
        Manifest ts = fixture("ts");
        assertThat(PlaylistWriter.media(ts, ts.rendition("lo"), SegmentUriTemplate.defaultAt("")).lines()
                .filter(l -> l.startsWith("segments/"))).hasSize(3).allMatch(l -> l.matches("segments/[0-9a-f]{64}\\.ts"));
        MasterPlaylist master = new MasterPlaylistParser().readPlaylist(PlaylistWriter.master(m, r -> r.name() + ".m3u8"));
        assertThat(master.variants()).extracting(v -> v.uri()).containsExactly("hi.m3u8", "lo.m3u8");
        assertThat(master.variants().get(0).resolution().orElseThrow().width()).isEqualTo(160);

        Manifest br = fixture("byterange");
        String text = PlaylistWriter.media(br, br.renditions().get(0),
                SegmentUriTemplate.of("{base}/c/{content}/{rendition}/{index}-{sha256}.ts", ""));
        MediaPlaylist p = new MediaPlaylistParser().readPlaylist(text);
        assertThat(p.mediaSegments().get(2).discontinuity()).isTrue();
        assertThat(p.mediaSegments().get(0).uri()).startsWith("c/" + br.contentId().hex() + "/index/0-");
    }

    static List<Announcement> live(int n, RenditionFormat format) {
        List<Announcement> all = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (int i = 0; i < n; i++) {
            Announcement a = Announcement.next("room", "hi", i, 2_000_000, 100, Sha256.of(new byte[]{(byte) i}), link,
                    1_796_000_000_000L + 2_000L * i, i == 7, format);
            link = a.link();
            all.add(a);
        }
        return all;
    }

    @Test
    void liveWindowSlidesWithWallClockTimesAndTheDiscontinuitySequence() throws Exception {
        List<Announcement> all = live(10, RenditionFormat.ts("avc1.64001f", 640, 360, 1_000_000));
        String text = PlaylistWriter.live("room", all.subList(6, 10), 0, SegmentUriTemplate.defaultAt(""), false);
        MediaPlaylist p = new MediaPlaylistParser().readPlaylist(text);
        assertThat(p.mediaSequence()).isEqualTo(6);
        assertThat(p.discontinuitySequence()).isZero();
        assertThat(p.ongoing()).isTrue();
        assertThat(p.mediaSegments()).hasSize(4);
        assertThat(p.mediaSegments().get(0).uri()).isEqualTo("segments/" + all.get(6).sha256().hex() + ".ts");
        assertThat(p.mediaSegments().get(1).discontinuity()).isTrue();
        assertThat(p.mediaSegments().get(0).programDateTime().orElseThrow().toInstant().toEpochMilli())
                .isEqualTo(all.get(6).startedAtMillis());
        assertThat(text).doesNotContain("#EXT-X-MAP");

        MediaPlaylist later = new MediaPlaylistParser().readPlaylist(
                PlaylistWriter.live("room", all.subList(8, 10), 1, SegmentUriTemplate.defaultAt(""), true));
        assertThat(later.discontinuitySequence()).isEqualTo(1);
        assertThat(later.ongoing()).isFalse();
    }

    @Test
    void anFmp4LiveWindowNamesItsInitSegment() throws Exception {
        Sha256 init = Sha256.of(new byte[]{99});
        List<Announcement> all = live(3, new RenditionFormat(Container.FMP4, init, "avc1.64001f", 640, 360, 0));
        MediaPlaylist p = new MediaPlaylistParser().readPlaylist(PlaylistWriter.live("room-9", all, 0,
                SegmentUriTemplate.of("/live/{content}/segments/{sha256}.{ext}", ""), false));
        assertThat(p.mediaSegments().get(0).segmentMap().orElseThrow().uri()).isEqualTo("/live/room-9/segments/" + init.hex() + ".mp4");
        assertThat(p.mediaSegments().get(2).uri()).isEqualTo("/live/room-9/segments/" + all.get(2).sha256().hex() + ".m4s");
    }

    @Test
    void segmentNamesParseOnlyAHashAndAKnownExtension() {
        Sha256 sha = Sha256.of(new byte[]{5});
        assertThat(SegmentName.parse(sha.hex()).orElseThrow()).isEqualTo(new SegmentName(sha, ""));
        assertThat(SegmentName.parse(sha.hex().toUpperCase() + ".ts").orElseThrow()).isEqualTo(new SegmentName(sha, "ts"));
        assertThat(SegmentName.parse(sha.hex() + ".m4s").orElseThrow().mediaType()).contains("video/mp4");
        assertThat(SegmentName.parse(sha.hex() + ".mp4").orElseThrow().toString()).isEqualTo(sha.hex() + ".mp4");
        for (String bad : List.of("", "abc", sha.hex() + ".", sha.hex() + ".mkv", sha.hex() + ".TS", sha.hex() + ".ts/",
                sha.hex() + "/../x", "g" + sha.hex().substring(1), sha.hex() + "0", "../" + sha.hex())) {
            assertThat(SegmentName.parse(bad)).as(bad).isEmpty();
        }
    }
}
