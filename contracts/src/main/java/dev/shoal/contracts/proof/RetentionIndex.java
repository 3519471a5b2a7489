package dev.shoal.contracts.proof;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.merkle.MerkleTree;
import dev.shoal.contracts.merkle.PathStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The upper levels of a manifest's retention tree (content over renditions, rendition over segments), with
 * the chunk offsets needed to find which segment holds a global chunk index. Build once per manifest.
 */
public final class RetentionIndex {

    /** Where a global chunk index lives. {@code segmentIndex} is -1 for an init segment. */
    public record Location(int rendition, String renditionName, int blob, int segmentIndex, Sha256 sha256, long size,
                           int chunkInSegment) {
    }

    private final Manifest manifest;
    private final MerkleTree contentTree;
    private final MerkleTree[] renditionTrees;
    private final long[] renditionStart;
    private final long[][] blobStart;

    public RetentionIndex(Manifest manifest) {
        this.manifest = manifest;
        int n = manifest.renditions().size();
        renditionTrees = new MerkleTree[n];
        renditionStart = new long[n];
        blobStart = new long[n][];
        List<MerkleNode> roots = new ArrayList<>(n);
        long offset = 0;
        for (int r = 0; r < n; r++) {
            List<MerkleNode> nodes = manifest.renditions().get(r).retentionNodes();
            renditionTrees[r] = MerkleTree.of(nodes);
            roots.add(renditionTrees[r].root());
            renditionStart[r] = offset;
            blobStart[r] = new long[nodes.size()];
            for (int b = 0; b < nodes.size(); b++) {
                blobStart[r][b] = offset;
                offset += nodes.get(b).count();
            }
        }
        contentTree = MerkleTree.of(roots);
    }

    public Manifest manifest() {
        return manifest;
    }

    public MerkleNode root() {
        return contentTree.root();
    }

    public Location locate(long chunk) {
        if (chunk < 0 || chunk >= root().count()) {
            throw new IndexOutOfBoundsException("chunk " + chunk + " of " + root().count());
        }
        int r = floor(renditionStart, chunk);
        int b = floor(blobStart[r], chunk);
        Rendition rendition = manifest.renditions().get(r);
        int seg = rendition.init() == null ? b : b - 1;
        Sha256 sha = seg < 0 ? rendition.init().sha256() : rendition.segments().get(seg).sha256();
        long size = seg < 0 ? rendition.init().size() : rendition.segments().get(seg).size();
        return new Location(r, rendition.name(), b, seg, sha, size, (int) (chunk - blobStart[r][b]));
    }

    /** The path from a segment's chunk root up to the content root. */
    public List<PathStep> pathAbove(Location at) {
        List<PathStep> path = new ArrayList<>(renditionTrees[at.rendition()].path(at.blob()));
        path.addAll(contentTree.path(at.rendition()));
        return path;
    }

    private static int floor(long[] starts, long value) {
        int i = Arrays.binarySearch(starts, value);
        if (i >= 0) {
            // several empty entries cannot share a start (every segment has a chunk), so this is the one
            return i;
        }
        return -i - 2;
    }

    /** Chunks in a segment of {@code size} bytes. */
    public static long chunks(long size) {
        return Merkle.chunkCount(size);
    }
}
