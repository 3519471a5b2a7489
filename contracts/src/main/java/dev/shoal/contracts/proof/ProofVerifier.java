package dev.shoal.contracts.proof;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;

import java.security.MessageDigest;

/**
 * The auditor's side: checks a proof knowing only the challenge it issued and the content's retention root
 * (hash and chunk count, from the signed manifest). Cheap checks run first; the signature last.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /** Returns normally when the proof is valid; otherwise throws the precise {@link ContentException}. */
    public static void verify(Challenge challenge, MerkleNode root, RetentionProof proof) {
        if (!proof.contentId().equals(challenge.contentId())) {
            throw new ContentException.ProofContentMismatch("the proof is for content " + proof.contentId()
                    + ", the challenge for " + challenge.contentId());
        }
        if (!proof.nonce().equals(challenge.nonce())) {
            throw new ContentException.ProofNonceMismatch("the proof answers nonce " + proof.nonce()
                    + ", the challenge's is " + challenge.nonce());
        }
        if (!proof.replica().equals(challenge.replica())) {
            throw new ContentException.ProofReplicaMismatch("the proof is from replica " + proof.replica()
                    + ", the challenge was for " + challenge.replica());
        }
        long[] expected = challenge.selectChunks(root.count());
        if (proof.chunks().size() != expected.length) {
            throw new ContentException.ProofSelectionMismatch("the proof has " + proof.chunks().size()
                    + " chunks, the challenge asked for " + expected.length);
        }
        Sha256[] leaves = new Sha256[expected.length];
        MessageDigest md = Sha256.newDigest();
        for (int i = 0; i < expected.length; i++) {
            ChunkProof c = proof.chunks().get(i);
            if (c.chunkIndex() != expected[i]) {
                if (c.chunkIndex() < 0 || c.chunkIndex() >= root.count()) {
                    throw new ContentException.ChunkIndexOutOfRange("sample " + i + " claims chunk " + c.chunkIndex()
                            + " of a content with " + root.count() + " chunks");
                }
                throw new ContentException.ProofSelectionMismatch("sample " + i + " is chunk " + c.chunkIndex()
                        + ", the challenge selected chunk " + expected[i]);
            }
            leaves[i] = verifyChunk(md, root, c);
        }
        Sha256 digest = RetentionProof.digest(proof.contentId(), proof.replica(), proof.nonce(), expected, leaves);
        Address signer = proof.signature().recoverSigner(RetentionProof.signedText(digest));
        if (!signer.equals(challenge.replica())) {
            throw new ContentException.SignatureMismatch(SignedMessages.PROOF, "the proof is signed by " + signer
                    + ", not by replica " + challenge.replica());
        }
    }

    /**
     * Checks one chunk's path leads to {@code root} at exactly {@code c.chunkIndex()}; returns its leaf hash.
     * This is the per-sample cost the benchmark measures.
     */
    public static Sha256 verifyChunk(MessageDigest md, MerkleNode root, ChunkProof c) {
        if (c.chunkIndex() < 0 || c.chunkIndex() >= root.count()) {
            throw new ContentException.ChunkIndexOutOfRange("chunk " + c.chunkIndex() + " of a content with "
                    + root.count() + " chunks");
        }
        if (c.chunk() == null || c.chunk().length == 0 || c.chunk().length > Merkle.CHUNK_SIZE) {
            throw new ContentException.ProofPathInvalid("chunk " + c.chunkIndex() + " has "
                    + (c.chunk() == null ? 0 : c.chunk().length) + " bytes, not 1.." + Merkle.CHUNK_SIZE);
        }
        if (c.path().size() > Merkle.MAX_PATH_LENGTH) {
            throw new ContentException.ProofPathInvalid("chunk " + c.chunkIndex() + " has a path of "
                    + c.path().size() + " steps");
        }
        MerkleNode leaf = Merkle.leaf(md, c.chunk(), 0, c.chunk().length);
        long[] position = new long[1];
        MerkleNode top;
        try {
            top = Merkle.fold(md, leaf, c.path(), position);
        } catch (ArithmeticException e) {
            throw new ContentException.ProofPathInvalid("chunk " + c.chunkIndex() + ": path counts overflow");
        }
        if (!top.equals(root)) {
            throw new ContentException.ProofPathInvalid("chunk " + c.chunkIndex()
                    + ": its path does not lead to the retention root");
        }
        if (position[0] != c.chunkIndex()) {
            throw new ContentException.ProofPathInvalid("chunk " + c.chunkIndex() + ": its path places it at "
                    + position[0]);
        }
        return leaf.hash();
    }
}
