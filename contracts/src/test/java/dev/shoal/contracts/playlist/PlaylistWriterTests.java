package dev.shoal.contracts.playlist;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
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
                .isEqualTo("http://127.0.0.1:8080/segments/" + hi.segments().get(1).sha256().hex());
        assertThat(media.mediaSegments().get(0).segmentMap().orElseThrow().uri()).endsWith(hi.init().sha256().hex());
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

    @Test
    void liveWindowSlides() throws Exception {
        List<Announcement> all = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (int i = 0; i < 10; i++) {
            Announcement a = Announcement.next("room", "hi", i, 2_000_000, 100, Sha256.of(new byte[]{(byte) i}), link, false);
            link = a.link();
            all.add(a);
        }
        String text = PlaylistWriter.live(Sha256.ZERO, all.subList(6, 10), null, SegmentUriTemplate.defaultAt(""), false);
        MediaPlaylist p = new MediaPlaylistParser().readPlaylist(text);
        assertThat(p.mediaSequence()).isEqualTo(6);
        assertThat(p.ongoing()).isTrue();
        assertThat(p.mediaSegments()).hasSize(4);
        assertThat(p.mediaSegments().get(0).uri()).isEqualTo("segments/" + all.get(6).sha256().hex());
    }
}
