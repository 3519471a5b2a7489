package dev.shoal.contracts.proof;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleTree;
import dev.shoal.contracts.merkle.PathStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The agent's side of an audit: answers challenges for one manifest from the segments in its store. Thread-safe. */
public final class Prover {

    private final RetentionIndex index;
    private final SegmentStore store;

    public Prover(Manifest manifest, SegmentStore store) {
        this(new RetentionIndex(manifest), store);
    }

    public Prover(RetentionIndex index, SegmentStore store) {
        this.index = index;
        this.store = store;
    }

    /**
     * Reads the selected chunks and signs the answer with the agent's key. Fails with
     * {@link ContentException.SegmentMissing} or {@link ContentException.SegmentHashMismatch} when the store no
     * longer holds a selected segment intact: exactly the situation an audit exists to reveal.
     */
    public RetentionProof answer(Challenge challenge, SigningKey agentKey) {
        Manifest m = index.manifest();
        if (!challenge.contentId().equals(m.contentId())) {
            throw new ContentException.ProofContentMismatch("the challenge is for content " + challenge.contentId()
                    + ", this prover holds " + m.contentId());
        }
        if (!challenge.replica().equals(agentKey.address())) {
            throw new ContentException.ProofReplicaMismatch("the challenge is for replica " + challenge.replica()
                    + ", the key is " + agentKey.address());
        }
        long[] selected = challenge.selectChunks(index.root().count());
        Map<Sha256, MerkleTree> trees = new HashMap<>();
        Map<Sha256, byte[]> reads = new HashMap<>();
        List<ChunkProof> chunks = new ArrayList<>(selected.length);
        Sha256[] leaves = new Sha256[selected.length];
        for (int i = 0; i < selected.length; i++) {
            RetentionIndex.Location at = index.locate(selected[i]);
            byte[] bytes = reads.computeIfAbsent(at.sha256(), k -> read(at));
            MerkleTree tree = trees.computeIfAbsent(at.sha256(), k -> MerkleTree.ofChunks(bytes));
            int from = at.chunkInSegment() * Merkle.CHUNK_SIZE;
            byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + Merkle.CHUNK_SIZE));
            List<PathStep> path = new ArrayList<>(tree.path(at.chunkInSegment()));
            path.addAll(index.pathAbove(at));
            chunks.add(new ChunkProof(selected[i], chunk, path));
            leaves[i] = tree.leaf(at.chunkInSegment()).hash();
        }
        Sha256 digest = RetentionProof.digest(m.contentId(), agentKey.address(), challenge.nonce(), selected, leaves);
        return new RetentionProof(m.contentId(), agentKey.address(), challenge.nonce(), chunks,
                agentKey.sign(RetentionProof.signedText(digest)));
    }

    private byte[] read(RetentionIndex.Location at) {
        byte[] bytes = store.read(at.sha256());
        if (bytes == null) {
            throw new ContentException.SegmentMissing(at.renditionName(), at.segmentIndex(), at.sha256().hex(),
                    "not in this agent's store");
        }
        if (bytes.length != at.size() || !Sha256.of(bytes).equals(at.sha256())) {
            throw new ContentException.SegmentHashMismatch(at.renditionName(), at.segmentIndex(), at.sha256().hex(),
                    "the stored bytes no longer hash to the segment's address");
        }
        return bytes;
    }
}
