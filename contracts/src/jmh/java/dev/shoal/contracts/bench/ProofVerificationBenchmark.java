package dev.shoal.contracts.bench;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.ChunkProof;
import dev.shoal.contracts.proof.ProofVerifier;
import dev.shoal.contracts.proof.Prover;
import dev.shoal.contracts.proof.RetentionProof;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/** Audit verification on one thread: per sampled chunk (path to root) and per whole signed 40-sample proof. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProofVerificationBenchmark {

    private Challenge challenge;
    private MerkleNode root;
    private RetentionProof proof;
    private ChunkProof[] chunks;
    private MessageDigest md;
    private int next;

    @Setup
    public void setUp() {
        // 2 hours of 4 renditions, 8 s segments of 4 MB: a tree as deep as real content's
        SyntheticContent content = SyntheticContent.of(4, 900, 4 << 20);
        SigningKey agent = DemoKeys.agent();
        Manifest m = content.manifest();
        challenge = Challenge.issue(m.contentId(), agent.address(), Challenge.DEFAULT_SAMPLES);
        proof = new Prover(m, content::read).answer(challenge, agent);
        root = m.retentionRoot();
        chunks = proof.chunks().toArray(ChunkProof[]::new);
        md = Sha256.newDigest();
    }

    @Benchmark
    public Sha256 verifyOneSampledChunk() {
        ChunkProof c = chunks[next++ % chunks.length];
        return ProofVerifier.verifyChunk(md, root, c);
    }

    @Benchmark
    public RetentionProof verifyWholeSignedProof() {
        ProofVerifier.verify(challenge, root, proof);
        return proof;
    }

    @Benchmark
    public Address recoverSignerOnly() {
        return proof.signature().recoverSigner("Shoal proof v1\n" + proof.contentId().hex());
    }
}
