package dev.shoal.contracts.proof;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.support.TestContent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProofTests {

    private static final SigningKey AGENT = DemoKeys.agent();

    record Fixture(Manifest manifest, Map<Sha256, byte[]> store) {
    }

    static Fixture content(long seed, int renditions, int segments, int maxSize, boolean init) {
        Random random = new Random(seed);
        Map<Sha256, byte[]> store = TestContent.newStore();
        List<List<byte[]>> rs = new ArrayList<>();
        for (int r = 0; r < renditions; r++) {
            List<byte[]> segs = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                segs.add(TestContent.randomBytes(random, 1 + random.nextInt(maxSize)));
            }
            rs.add(segs);
        }
        byte[] initBytes = init ? TestContent.randomBytes(random, 1 + random.nextInt(3000)) : null;
        return new Fixture(TestContent.manifest("t", DemoKeys.creator().address(), rs, initBytes, store), store);
    }

    @Property(tries = 60)
    void anHonestReplicaAlwaysPasses(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int renditions,
                                     @ForAll @IntRange(min = 1, max = 6) int segments,
                                     @ForAll @IntRange(min = 1, max = 40_000) int maxSize,
                                     @ForAll boolean init, @ForAll @IntRange(min = 1, max = 50) int samples) {
        Fixture f = content(seed, renditions, segments, maxSize, init);
        Challenge c = Challenge.issue(f.manifest().contentId(), AGENT.address(), samples);
        RetentionProof proof = new Prover(f.manifest(), f.store()::get).answer(c, AGENT);
        ProofVerifier.verify(c, f.manifest().retentionRoot(), proof);
        RetentionProof decoded = RetentionProof.decode(proof.encode());
        ProofVerifier.verify(c, f.manifest().retentionRoot(), decoded);
    }

    @Property(tries = 60)
    void everyChunkHasAPathToTheRootAtItsPosition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30_000) int maxSize) {
        Fixture f = content(seed, 2, 3, maxSize, true);
        RetentionIndex index = new RetentionIndex(f.manifest());
        MerkleNode root = index.root();
        assertThat(root).isEqualTo(f.manifest().retentionRoot());
        java.security.MessageDigest md = Sha256.newDigest();
        for (long g = 0; g < root.count(); g += 1 + root.count() / 50) {
            RetentionIndex.Location at = index.locate(g);
            byte[] bytes = f.store().get(at.sha256());
            var tree = dev.shoal.contracts.merkle.MerkleTree.ofChunks(bytes);
            int from = at.chunkInSegment() * Merkle.CHUNK_SIZE;
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + Merkle.CHUNK_SIZE));
            List<dev.shoal.contracts.merkle.PathStep> path = new ArrayList<>(tree.path(at.chunkInSegment()));
            path.addAll(index.pathAbove(at));
            ProofVerifier.verifyChunk(md, root, new ChunkProof(g, chunk, path));
            // the same chunk claimed at another position fails
            long other = (g + 1) % root.count();
            if (other != g) {
                assertThatThrownBy(() -> ProofVerifier.verifyChunk(md, root, new ChunkProof(other, chunk, path)))
                        .isInstanceOf(ContentException.ProofPathInvalid.class);
            }
        }
    }

    @Property(tries = 40)
    void aTamperedChunkFails(@ForAll long seed, @ForAll @IntRange(min = 0, max = 15) int sample,
                             @ForAll @IntRange(min = 0, max = 4095) int at) {
        Fixture f = content(seed, 1, 4, 20_000, false);
        Challenge c = Challenge.issue(f.manifest().contentId(), AGENT.address(), 16);
        RetentionProof p = new Prover(f.manifest(), f.store()::get).answer(c, AGENT);
        List<ChunkProof> chunks = new ArrayList<>(p.chunks());
        ChunkProof victim = chunks.get(sample);
        byte[] bytes = victim.chunk().clone();
        bytes[at % bytes.length] ^= 1;
        chunks.set(sample, new ChunkProof(victim.chunkIndex(), bytes, victim.path()));
        RetentionProof forged = new RetentionProof(p.contentId(), p.replica(), p.nonce(), chunks, p.signature());
        assertThatThrownBy(() -> ProofVerifier.verify(c, f.manifest().retentionRoot(), forged))
                .isInstanceOf(ContentException.ProofPathInvalid.class);
    }

    @Test
    void eachWrongAnswerHasItsOwnError() {
        Fixture f = content(7, 2, 5, 30_000, true);
        Prover prover = new Prover(f.manifest(), f.store()::get);
        MerkleNode root = f.manifest().retentionRoot();
        Challenge c = Challenge.issue(f.manifest().contentId(), AGENT.address(), 8);
        RetentionProof p = prover.answer(c, AGENT);

        Challenge otherNonce = Challenge.issue(f.manifest().contentId(), AGENT.address(), 8);
        assertThatThrownBy(() -> ProofVerifier.verify(otherNonce, root, p))
                .isInstanceOf(ContentException.ProofNonceMismatch.class);

        SigningKey someoneElse = SigningKey.generate();
        Challenge forOther = new Challenge(c.contentId(), someoneElse.address(), c.nonce(), 8);
        assertThatThrownBy(() -> ProofVerifier.verify(forOther, root, p))
                .isInstanceOf(ContentException.ProofReplicaMismatch.class);

        // another agent answering this replica's challenge with its own key
        RetentionProof stolen = new Prover(f.manifest(), f.store()::get).answer(forOther, someoneElse);
        RetentionProof relabelled = new RetentionProof(stolen.contentId(), AGENT.address(), stolen.nonce(),
                stolen.chunks(), stolen.signature());
        assertThatThrownBy(() -> ProofVerifier.verify(c, root, relabelled))
                .isInstanceOf(ContentException.ProofSelectionMismatch.class);

        List<ChunkProof> shifted = new ArrayList<>(p.chunks());
        ChunkProof first = shifted.get(0);
        shifted.set(0, new ChunkProof(root.count() + 5, first.chunk(), first.path()));
        assertThatThrownBy(() -> ProofVerifier.verify(c, root,
                new RetentionProof(p.contentId(), p.replica(), p.nonce(), shifted, p.signature())))
                .isInstanceOfSatisfying(ContentException.ChunkIndexOutOfRange.class,
                        e -> assertThat(e.code()).isEqualTo("proof.chunk-index-out-of-range"));
        assertThatThrownBy(() -> ProofVerifier.verifyChunk(Sha256.newDigest(), root,
                new ChunkProof(-1, first.chunk(), first.path())))
                .isInstanceOf(ContentException.ChunkIndexOutOfRange.class);

        RetentionProof resigned = new RetentionProof(p.contentId(), p.replica(), p.nonce(), p.chunks(),
                SigningKey.generate().sign("Shoal proof v1\n" + "00".repeat(32)));
        assertThatThrownBy(() -> ProofVerifier.verify(c, root, resigned))
                .isInstanceOfSatisfying(ContentException.SignatureMismatch.class,
                        e -> assertThat(e.code()).isEqualTo("proof.signature-mismatch"));

        byte[] wire = p.encode();
        assertThatThrownBy(() -> RetentionProof.decode(java.util.Arrays.copyOf(wire, wire.length - 1)))
                .isInstanceOf(ContentException.ProofMalformed.class);
        assertThatThrownBy(() -> RetentionProof.decode(null)).isInstanceOf(ContentException.ProofMalformed.class);
    }

    @Test
    void aReplicaMissingASegmentCannotAnswerWhenItIsSampled() {
        Fixture f = content(11, 1, 4, 20_000, false);
        Sha256 lost = f.manifest().renditions().get(0).segments().get(2).sha256();
        Prover prover = new Prover(f.manifest(), sha -> sha.equals(lost) ? null : f.store().get(sha));
        Challenge c = Challenge.issue(f.manifest().contentId(), AGENT.address(), 200);
        assertThatThrownBy(() -> prover.answer(c, AGENT))
                .isInstanceOfSatisfying(ContentException.SegmentMissing.class, e -> assertThat(e.index()).isEqualTo(2));
    }

    @Test
    void proofSizePerSampledChunkIsUnderFiveKilobytes() {
        // segments up to 10 MB (8 s at 10 Mbit/s); docs/benchmarks.md works out deeper trees
        Fixture f = content(3, 3, 6, 10_000_000, true);
        Challenge c = Challenge.issue(f.manifest().contentId(), AGENT.address(), 40);
        RetentionProof p = new Prover(f.manifest(), f.store()::get).answer(c, AGENT);
        double perChunk = (double) p.encode().length / 40;
        assertThat(perChunk).isLessThan(5_000);
    }
}
