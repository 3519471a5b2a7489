package dev.shoal.gateway.watch;

import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.playlist.SegmentName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the gateway's redirect sends a player that does not use our loader, for each kind of source. */
class SegmentRedirectTests {

    private static final Sha256 SHA = Sha256.of(new byte[]{7});

    @Test
    void aMirrorsTemplateIsFilledInAndAgentsKeepTheirLayout() {
        SegmentName ts = SegmentName.parse(SHA.hex() + ".ts").orElseThrow();
        assertThat(WatchResource.segmentUrl(Source.mirror("https://cdn.example/v/segments/{sha256}.{ext}"), ts, "c1"))
                .contains("https://cdn.example/v/segments/" + SHA.hex() + ".ts");
        assertThat(WatchResource.segmentUrl(Source.agent("http://127.0.0.1:8701/", "0x1", "eu", 0), ts, "c1"))
                .contains("http://127.0.0.1:8701/segments/" + SHA.hex() + ".ts?content=c1");
    }

    @Test
    void aBareNameSkipsAMirrorWhoseTemplateNeedsTheExtension() {
        SegmentName bare = SegmentName.parse(SHA.hex()).orElseThrow();
        assertThat(WatchResource.segmentUrl(Source.mirror("https://cdn.example/v/segments/{sha256}.{ext}"), bare, "c1")).isEmpty();
        assertThat(WatchResource.segmentUrl(Source.mirror("https://cdn.example/v/segments/{sha256}"), bare, "c1"))
                .contains("https://cdn.example/v/segments/" + SHA.hex());
    }
}
