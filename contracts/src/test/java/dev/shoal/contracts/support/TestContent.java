package dev.shoal.contracts.support;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test content: manifests over real byte arrays, and copies of the committed HLS fixtures. */
public final class TestContent {

    private TestContent() {
    }

    /** A manifest over the given segments (bytes per rendition), with their bytes kept in {@code store}. */
    public static Manifest manifest(String title, Address creator, List<List<byte[]>> renditions, byte[] init,
                                    Map<Sha256, byte[]> store) {
        List<Rendition> rs = new ArrayList<>();
        for (int r = 0; r < renditions.size(); r++) {
            InitSegment in = null;
            if (init != null && r == 0) {
                SegmentDigest d = SegmentDigest.of(init);
                in = new InitSegment(d.size(), d.sha256(), d.chunkRoot());
                store.put(d.sha256(), init);
            }
            List<SegmentRecord> segments = new ArrayList<>();
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < renditions.get(r).size(); i++) {
                byte[] b = renditions.get(r).get(i);
                SegmentDigest d = SegmentDigest.of(b);
                link = Chain.link(link, d.sha256());
                segments.add(new SegmentRecord(i, 2_000_000 + i, b.length, d.sha256(), link, d.chunkRoot(), i == 2));
                store.put(d.sha256(), b);
            }
            rs.add(new Rendition("r" + r, in == null ? Container.MPEG_TS : Container.FMP4, "avc1.42c00c",
                    100_000 * (r + 1), 160, 90, 25_000, in, segments));
        }
        return new Manifest(title, creator, rs);
    }

    public static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public static Map<Sha256, byte[]> newStore() {
        return new HashMap<>();
    }

    /** The committed fixture folder {@code hls/<name>} copied to a fresh temporary folder. */
    public static Path fixtureCopy(String name, Path into) {
        Path source = fixtureRoot().resolve(name);
        Path target = into.resolve(name);
        copyTree(source, target);
        return target;
    }

    public static Path fixtureRoot() {
        try {
            return Paths.get(TestContent.class.getResource("/hls/gen.sh").toURI()).getParent();
        } catch (Exception e) {
            throw new IllegalStateException("test resources missing", e);
        }
    }

    public static void copyTree(Path source, Path target) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips one bit of the byte at {@code offset} of {@code file}. */
    public static void flipByte(Path file, long offset) {
        try {
            byte[] b = Files.readAllBytes(file);
            b[(int) offset] ^= 0x01;
            Files.write(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: system property shoal-root, else the nearest parent with a tools/ folder. */
    public static Path repoRoot() {
        String prop = System.getProperty("shoal-root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "tools"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("tools"))) {
            p = p.getParent();
        }
        return p;
    }
}
