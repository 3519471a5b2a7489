package dev.shoal.contracts.manifest;

import dev.shoal.contracts.codec.CanonicalReader;
import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The unsigned body of a finished stream's manifest. Construction checks it is self-consistent (indexes,
 * chain links, unique rendition names); its canonical encoding ({@link #encode()}) is fixed here, and its
 * SHA-256 is the content id. Immutable.
 */
public final class Manifest {

    /** First 8 bytes of every encoding: "SHOALMF" and format version 1. */
    private static final byte[] MAGIC = {'S', 'H', 'O', 'A', 'L', 'M', 'F', 1};
    public static final int MAX_TITLE_BYTES = 1024;
    public static final int MAX_RENDITIONS = 64;
    public static final int MAX_SEGMENTS = 1 << 22;
    private static final int MAX_NAME_BYTES = 128;
    private static final int MAX_CODECS_BYTES = 256;

    private final String title;
    private final Address creator;
    private final List<Rendition> renditions;
    private final MerkleNode retentionRoot;
    private final byte[] encoding;
    private final Sha256 contentId;

    public Manifest(String title, Address creator, List<Rendition> renditions) {
        if (title == null || creator == null || renditions == null) {
            throw new ContentException.ManifestMalformed("a manifest needs a title, a creator and renditions");
        }
        if (title.getBytes(StandardCharsets.UTF_8).length > MAX_TITLE_BYTES) {
            throw new ContentException.ManifestMalformed("title longer than " + MAX_TITLE_BYTES + " bytes");
        }
        if (renditions.isEmpty() || renditions.size() > MAX_RENDITIONS) {
            throw new ContentException.ManifestMalformed("a manifest has 1 to " + MAX_RENDITIONS + " renditions, got "
                    + renditions.size());
        }
        this.title = title;
        this.creator = creator;
        this.renditions = List.copyOf(renditions);
        checkConsistent(this.renditions);
        List<MerkleNode> roots = new ArrayList<>();
        for (Rendition r : this.renditions) {
            roots.add(r.retentionRoot());
        }
        this.retentionRoot = Merkle.root(roots);
        this.encoding = encodeBody();
        this.contentId = Sha256.of(encoding);
    }

    private static void checkConsistent(List<Rendition> renditions) {
        Set<String> names = new HashSet<>();
        for (Rendition r : renditions) {
            if (!names.add(r.name())) {
                throw new ContentException.ManifestMalformed("two renditions named " + r.name());
            }
            if (r.name().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                    || r.codecs().getBytes(StandardCharsets.UTF_8).length > MAX_CODECS_BYTES) {
                throw new ContentException.ManifestMalformed("rendition name or codecs too long");
            }
            if (r.segments().size() > MAX_SEGMENTS) {
                throw new ContentException.ManifestMalformed("more than " + MAX_SEGMENTS + " segments");
            }
            if ((r.container() == Container.FMP4) != (r.init() != null)) {
                throw new ContentException.ManifestMalformed("rendition " + r.name()
                        + ": fMP4 renditions have an init segment and MPEG-TS ones do not");
            }
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < r.segments().size(); i++) {
                SegmentRecord s = r.segments().get(i);
                if (s.index() != i) {
                    throw new ContentException.ManifestTampered("rendition " + r.name() + ": segment at position "
                            + i + " has index " + s.index());
                }
                link = Chain.link(link, s.sha256());
                if (!link.equals(s.link())) {
                    throw new ContentException.ChainLinkMismatch("rendition " + r.name() + ", segment " + i
                            + ": link " + s.link() + " is not SHA-256(link(i-1) || sha256) = " + link);
                }
            }
        }
    }

    public String title() {
        return title;
    }

    public Address creator() {
        return creator;
    }

    public List<Rendition> renditions() {
        return renditions;
    }

    public Rendition rendition(String name) {
        for (Rendition r : renditions) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** The root proofs of retention are checked against: hash and total chunk count. */
    public MerkleNode retentionRoot() {
        return retentionRoot;
    }

    /** SHA-256 of the canonical encoding. */
    public Sha256 contentId() {
        return contentId;
    }

    /** The canonical encoding (a copy). */
    public byte[] encode() {
        return encoding.clone();
    }

    /** What the creator signs. */
    public SignedManifest sign(SigningKey key) {
        return SignedManifest.sign(this, key);
    }

    private byte[] encodeBody() {
        CanonicalWriter w = new CanonicalWriter(256 + 150 * renditions.size() * renditions.get(0).segments().size());
        w.raw(MAGIC).str(title).raw(creator.bytes()).u32(Merkle.CHUNK_SIZE).u32(renditions.size());
        for (Rendition r : renditions) {
            w.str(r.name()).u8(r.container().code()).str(r.codecs()).u64(r.bandwidth())
                    .u32(r.width()).u32(r.height()).u32(r.frameRateMilli());
            w.bool(r.init() != null);
            if (r.init() != null) {
                w.u64(r.init().size()).digest(r.init().sha256()).digest(r.init().chunkRoot());
            }
            w.u32(r.segments().size());
            for (SegmentRecord s : r.segments()) {
                w.u64(s.durationMicros()).u64(s.size()).digest(s.sha256()).digest(s.link())
                        .digest(s.chunkRoot()).bool(s.discontinuity());
            }
        }
        w.digest(retentionRoot.hash()).u64(retentionRoot.count());
        return w.toByteArray();
    }

    /**
     * Decodes a canonical encoding, checking it end to end: a truncated or padded encoding is
     * {@link ContentException.ManifestMalformed}, one whose chain or root disagrees with its segments is
     * {@link ContentException.ManifestTampered} (or {@link ContentException.ChainLinkMismatch}).
     */
    public static Manifest decode(byte[] bytes) {
        CanonicalReader r = new CanonicalReader(bytes, ContentException.ManifestMalformed::new);
        byte[] magic = r.raw(MAGIC.length, "magic");
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ContentException.ManifestMalformed("not a Shoal manifest v1 encoding (bad magic)");
        }
        String title = r.str("title", MAX_TITLE_BYTES);
        Address creator = Address.wrap(r.raw(Address.LENGTH, "creator"));
        long chunkSize = r.u32("chunk size");
        if (chunkSize != Merkle.CHUNK_SIZE) {
            throw new ContentException.ManifestMalformed("chunk size " + chunkSize + " is not " + Merkle.CHUNK_SIZE);
        }
        int n = r.count("rendition count", MAX_RENDITIONS);
        List<Rendition> renditions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = r.str("rendition name", MAX_NAME_BYTES);
            int code = r.u8("container");
            Container container = Container.fromCode(code);
            if (container == null) {
                throw new ContentException.ManifestMalformed("unknown container code " + code);
            }
            String codecs = r.str("codecs", MAX_CODECS_BYTES);
            long bandwidth = r.u64("bandwidth");
            int width = r.count("width", Integer.MAX_VALUE);
            int height = r.count("height", Integer.MAX_VALUE);
            int fps = r.count("frame rate", Integer.MAX_VALUE);
            InitSegment init = null;
            if (r.bool("has init")) {
                long size = r.u64("init size");
                Sha256 sha = r.digest("init sha256");
                Sha256 root = r.digest("init chunk root");
                init = valid(() -> new InitSegment(size, sha, root));
            }
            int count = r.count("segment count", MAX_SEGMENTS);
            List<SegmentRecord> segments = new ArrayList<>(Math.min(count, 4096));
            for (int s = 0; s < count; s++) {
                int index = s;
                long duration = r.u64("duration");
                long size = r.u64("size");
                Sha256 sha = r.digest("sha256");
                Sha256 link = r.digest("link");
                Sha256 root = r.digest("chunk root");
                boolean disc = r.bool("discontinuity");
                segments.add(valid(() -> new SegmentRecord(index, duration, size, sha, link, root, disc)));
            }
            InitSegment in = init;
            renditions.add(valid(() -> new Rendition(name, container, codecs, bandwidth, width, height, fps, in, segments)));
        }
        Sha256 rootHash = r.digest("retention root");
        long rootCount = r.u64("chunk count");
        r.end();
        Manifest m = new Manifest(title, creator, renditions);
        if (!m.retentionRoot.hash().equals(rootHash) || m.retentionRoot.count() != rootCount) {
            throw new ContentException.ManifestTampered("the retention root does not match the segments' chunk roots");
        }
        return m;
    }

    private static <T> T valid(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ContentException.ManifestMalformed(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && contentId.equals(other.contentId);
    }

    @Override
    public int hashCode() {
        return contentId.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + contentId + ", '" + title + "', " + renditions.size() + " renditions]";
    }
}
