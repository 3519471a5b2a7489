package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.HlsFolder.HlsRendition;
import dev.shoal.contracts.manifest.HlsFolder.SegmentSource;
import dev.shoal.contracts.segment.SegmentRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Checks an HLS folder against a signed manifest, in playing order, stopping at the first segment that differs. */
public final class FolderVerifier {

    /** What a successful check covered. */
    public record Report(SignedManifest manifest, int renditions, int segments, long bytes) {
    }

    private FolderVerifier() {
    }

    /** Reads {@code dir/shoal-manifest.json}, verifies its signature, then every segment. */
    public static Report verify(Path dir, LongConsumer progress) {
        Path file = dir.resolve(HlsFolder.MANIFEST_FILE);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ContentException.ManifestMalformed("no " + HlsFolder.MANIFEST_FILE + " in " + dir
                    + " (run publish first)");
        } catch (IOException | RuntimeException e) {
            throw new ContentException.ManifestMalformed("cannot read " + file + ": " + e.getMessage(), e);
        }
        return verify(dir, SignedManifest.fromJson(json), progress);
    }

    public static Report verify(Path dir, SignedManifest signed, LongConsumer progress) {
        signed.verify();
        Manifest m = signed.manifest();
        HlsFolder folder = HlsFolder.open(dir);
        if (folder.renditions().size() != m.renditions().size()) {
            throw new ContentException.FolderMismatch("the folder has " + folder.renditions().size()
                    + " renditions, the manifest " + m.renditions().size());
        }
        int segments = 0;
        long bytes = 0;
        for (int i = 0; i < m.renditions().size(); i++) {
            Rendition expected = m.renditions().get(i);
            HlsRendition actual = folder.renditions().get(i);
            if (!expected.name().equals(actual.name())) {
                throw new ContentException.FolderMismatch("rendition " + (i + 1) + " is '" + actual.name()
                        + "' in the folder but '" + expected.name() + "' in the manifest");
            }
            if (expected.init() != null) {
                if (actual.init() == null) {
                    throw new ContentException.SegmentMissing(expected.name(), -1, null, "the playlist has no #EXT-X-MAP");
                }
                bytes += check(actual.init(), expected.init().size(), expected.init().sha256());
            }
            for (int s = 0; s < expected.segments().size(); s++) {
                SegmentRecord rec = expected.segments().get(s);
                if (s >= actual.segments().size()) {
                    throw new ContentException.SegmentMissing(expected.name(), s, rel(actual),
                            "the playlist lists " + actual.segments().size() + " segments, the manifest "
                                    + expected.segments().size());
                }
                long n = check(actual.segments().get(s), rec.size(), rec.sha256());
                progress.accept(n);
                bytes += n;
                segments++;
            }
            if (actual.segments().size() > expected.segments().size()) {
                throw new ContentException.FolderMismatch("rendition " + expected.name() + ": the playlist lists "
                        + actual.segments().size() + " segments, the manifest " + expected.segments().size());
            }
        }
        return new Report(signed, m.renditions().size(), segments, bytes);
    }

    private static String rel(HlsRendition r) {
        return r.playlist().getFileName().toString();
    }

    private static long check(SegmentSource src, long size, Sha256 sha) {
        byte[] b = src.read();
        if (b.length < size) {
            throw new ContentException.SegmentTruncated(src.rendition(), src.index(), src.location(),
                    b.length + " bytes, the manifest says " + size);
        }
        Sha256 actual = Sha256.of(b);
        if (b.length != size || !actual.equals(sha)) {
            throw new ContentException.SegmentHashMismatch(src.rendition(), src.index(), src.location(),
                    "sha256 " + actual + " (" + b.length + " bytes), the manifest says " + sha + " (" + size + " bytes)");
        }
        return b.length;
    }
}
