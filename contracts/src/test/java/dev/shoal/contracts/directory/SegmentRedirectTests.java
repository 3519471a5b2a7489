package dev.shoal.contracts.directory;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.playlist.SegmentName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a redirect for a segment goes (the gateway's for players without our loader, the marketplace's fork preview), for
 * each kind of source, and which of the locator's ranked sources it takes.
 */
class SegmentRedirectTests {

    private static final Sha256 SHA = Sha256.of(new byte[]{7});

    @Test
    void aMirrorsTemplateIsFilledInAndAgentsKeepTheirLayout() {
        SegmentName ts = SegmentName.parse(SHA.hex() + ".ts").orElseThrow();
        assertThat(Source.mirror("https://cdn.example/v/segments/{sha256}.{ext}").segmentUrl(ts, "c1"))
                .contains("https://cdn.example/v/segments/" + SHA.hex() + ".ts");
        assertThat(Source.agent("http://127.0.0.1:8701/", "0x1", "eu", 0).segmentUrl(ts, "c1"))
                .contains("http://127.0.0.1:8701/segments/" + SHA.hex() + ".ts?content=c1");
    }

    @Test
    void aBareNameSkipsAMirrorWhoseTemplateNeedsTheExtension() {
        SegmentName bare = SegmentName.parse(SHA.hex()).orElseThrow();
        assertThat(Source.mirror("https://cdn.example/v/segments/{sha256}.{ext}").segmentUrl(bare, "c1")).isEmpty();
        assertThat(Source.mirror("https://cdn.example/v/segments/{sha256}").segmentUrl(bare, "c1"))
                .contains("https://cdn.example/v/segments/" + SHA.hex());
    }

    @Test
    void theRedirectTakesTheFirstRankedSourceThatCanServeTheSegment() {
        SegmentName bare = SegmentName.parse(SHA.hex()).orElseThrow();
        List<Source> ranked = List.of(Source.mirror("https://cdn.example/v/segments/{sha256}.{ext}"),
                Source.agent("http://10.0.0.2:8701", "0x2", "us", 0.5), Source.origin("http://origin.example"));
        assertThat(Source.firstSegmentUrl(ranked, bare, "c1")).contains("http://10.0.0.2:8701/segments/" + SHA.hex() + "?content=c1");
        assertThat(Source.firstSegmentUrl(List.of(), bare, "c1")).isEmpty();
    }
}
