package dev.shoal.marketplace.market;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real HLS folder from the content model's fixtures (ffmpeg output), signed by a creator key, with its segments by hash. */
public record SampleContent(SignedManifest manifest, Map<Sha256, byte[]> segments) {

    static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");

    public static SampleContent load(String title) {
        return load(title, DemoKeys.creator());
    }

    static SampleContent load(String title, SigningKey creator) {
        HlsFolder folder = HlsFolder.open(FIXTURE);
        SignedManifest signed = ManifestBuilder.build(folder, title, creator.address()).sign(creator);
        Map<Sha256, byte[]> segments = new HashMap<>();
        for (HlsFolder.HlsRendition rendition : folder.renditions()) {
            if (rendition.init() != null) {
                byte[] init = rendition.init().read();
                segments.put(Sha256.of(init), init);
            }
            for (HlsFolder.SegmentSource source : rendition.segments()) {
                byte[] bytes = source.read();
                segments.put(Sha256.of(bytes), bytes);
            }
        }
        return new SampleContent(signed, segments);
    }

    public String contentId() {
        return manifest.contentId().hex();
    }
}
