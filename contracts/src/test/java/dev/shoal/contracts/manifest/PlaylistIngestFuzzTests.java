package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.support.TestContent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes playlist ingest: mutated master and media playlists (dropped, duplicated and injected lines, flipped
 * characters, truncation) must either publish or fail with a {@link ContentException}; nothing else escapes.
 * 400 tries take a few seconds.
 */
class PlaylistIngestFuzzTests {

    private static final List<String> INJECTED = List.of("#EXT-X-BYTERANGE:99999999@0", "#EXT-X-BYTERANGE:-5",
            "#EXTINF:-1,", "#EXTINF:NaN,", "#EXTINF:1e400,", "#EXT-X-MAP:URI=\"../../etc/passwd\"",
            "#EXT-X-MAP:URI=\"init_0.mp4\",BYTERANGE=\"10@5\"", "#EXT-X-KEY:METHOD=AES-128,URI=\"k\"",
            "#EXT-X-DISCONTINUITY", "#EXT-X-ENDLIST", "http://example.com/x.ts", "/etc/hosts", "../x.ts",
            "#EXT-X-STREAM-INF:BANDWIDTH=-1", "#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=axb", "index.m3u8",
            "#EXT-X-TARGETDURATION:abc", "#EXTM3U", "", "\u0000", "seg_009.ts", "#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a.m3u8\",GROUP-ID=\"a\",NAME=\"a\"");

    private Path root;

    @BeforeProperty
    void copyFixtures() throws IOException {
        root = Files.createTempDirectory("shoal-fuzz");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().between(0, 1_000_000).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 400, maxDiscardRatio = 1)
    void mutatedPlaylistsPublishOrFailCleanly(@ForAll("edits") List<Integer> edits,
                                              @ForAll("fixtures") String fixture,
                                              @ForAll("playlists") int which) throws IOException {
        Path dir = Files.createTempDirectory(root, "case");
        Path copy = TestContent.fixtureCopy(fixture, dir);
        List<Path> playlists;
        try (var files = Files.walk(copy)) {
            playlists = files.filter(p -> p.toString().endsWith(".m3u8")).sorted().toList();
        }
        Path target = playlists.get(which % playlists.size());
        Files.write(target, mutate(Files.readString(target), edits).getBytes(StandardCharsets.UTF_8));
        try {
            Manifest m = ManifestBuilder.build(HlsFolder.open(copy), "fuzz", DemoKeys.creator().address());
            assertThat(Manifest.decode(m.encode()).contentId()).isEqualTo(m.contentId());
        } catch (ContentException expected) {
            assertThat(expected.code()).isNotBlank();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of("ts", "fmp4", "byterange");
    }

    @Provide
    Arbitrary<Integer> playlists() {
        return Arbitraries.integers().between(0, 2);
    }

    static String mutate(String text, List<Integer> edits) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        for (int e : edits) {
            int op = e % 6;
            int at = (e / 6) % Math.max(1, lines.size());
            switch (op) {
                case 0 -> { if (!lines.isEmpty()) lines.remove(at); }
                case 1 -> lines.add(at, INJECTED.get((e / 7) % INJECTED.size()));
                case 2 -> { if (!lines.isEmpty()) lines.add(at, lines.get(at)); }
                case 3 -> {
                    if (!lines.isEmpty() && !lines.get(at).isEmpty()) {
                        char[] c = lines.get(at).toCharArray();
                        c[(e / 11) % c.length] = (char) (32 + (e / 13) % 95);
                        lines.set(at, new String(c));
                    }
                }
                case 4 -> {
                    String joined = String.join("\n", lines);
                    lines = new ArrayList<>(Arrays.asList(joined.substring(0, (e / 6) % (joined.length() + 1)).split("\n", -1)));
                }
                default -> { if (!lines.isEmpty()) lines.set(at, lines.get(at).replaceAll("[0-9]", String.valueOf(e % 10))); }
            }
        }
        return String.join("\n", lines);
    }
}
