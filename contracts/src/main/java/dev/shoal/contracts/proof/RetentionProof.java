package dev.shoal.contracts.proof;

import dev.shoal.contracts.codec.CanonicalReader;
import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.merkle.PathStep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A replica's answer to a {@link Challenge}: the selected chunks with their paths, signed by the agent's key over
 * {@code "Shoal proof v1\n" + SHA-256(canonical(contentId, replica, nonce, [chunkIndex, leafHash]...))}.
 */
public record RetentionProof(Sha256 contentId, Address replica, Nonce nonce, List<ChunkProof> chunks,
                             Signature signature) {

    private static final byte[] MAGIC = {'S', 'H', 'O', 'A', 'L', 'P', 'F', 1};
    private static final byte[] DOMAIN = "shoal-proof/1".getBytes(StandardCharsets.US_ASCII);

    public RetentionProof {
        if (contentId == null || replica == null || nonce == null || chunks == null || signature == null) {
            throw new ContentException.ProofMalformed("a proof names content, replica, nonce, chunks and signature");
        }
        chunks = List.copyOf(chunks);
    }

    /** The digest the agent signs, given each chunk's leaf hash. */
    static Sha256 digest(Sha256 contentId, Address replica, Nonce nonce, long[] indexes, Sha256[] leaves) {
        MessageDigest md = Sha256.newDigest();
        md.update(DOMAIN);
        contentId.updateInto(md);
        md.update(replica.bytes());
        md.update(nonce.bytes());
        for (int i = 0; i < indexes.length; i++) {
            for (int s = 56; s >= 0; s -= 8) {
                md.update((byte) (indexes[i] >>> s));
            }
            leaves[i].updateInto(md);
        }
        return Sha256.finish(md);
    }

    static String signedText(Sha256 digest) {
        return SignedMessages.text(SignedMessages.PROOF, digest);
    }

    /** Compact binary form: what goes over the wire and what the size benchmark measures. */
    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(128 + chunks.size() * (Merkle.CHUNK_SIZE + 1200));
        w.raw(MAGIC).digest(contentId).raw(replica.bytes()).raw(nonce.bytes()).u32(chunks.size());
        for (ChunkProof c : chunks) {
            w.u64(c.chunkIndex()).bytes(c.chunk()).u8(c.path().size());
            for (PathStep s : c.path()) {
                w.bool(s.siblingOnLeft()).u64(s.sibling().count()).digest(s.sibling().hash());
            }
        }
        w.raw(signature.bytes());
        return w.toByteArray();
    }

    public static RetentionProof decode(byte[] bytes) {
        CanonicalReader r = new CanonicalReader(bytes, ContentException.ProofMalformed::new);
        if (!Arrays.equals(r.raw(MAGIC.length, "magic"), MAGIC)) {
            throw new ContentException.ProofMalformed("not a Shoal proof v1 encoding (bad magic)");
        }
        Sha256 contentId = r.digest("content id");
        Address replica = Address.wrap(r.raw(Address.LENGTH, "replica"));
        Nonce nonce = Nonce.wrap(r.raw(Nonce.LENGTH, "nonce"));
        int n = r.count("chunk count", Challenge.MAX_SAMPLES);
        List<ChunkProof> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long index = r.u64("chunk index");
            byte[] chunk = r.bytes("chunk", Merkle.CHUNK_SIZE);
            int steps = r.u8("path length");
            if (steps > Merkle.MAX_PATH_LENGTH) {
                throw new ContentException.ProofMalformed("path of " + steps + " steps");
            }
            List<PathStep> path = new ArrayList<>(steps);
            for (int s = 0; s < steps; s++) {
                boolean left = r.bool("side");
                long count = r.u64("sibling count");
                Sha256 hash = r.digest("sibling hash");
                if (count < 1) {
                    throw new ContentException.ProofMalformed("a sibling with no chunks");
                }
                path.add(new PathStep(left, new MerkleNode(hash, count)));
            }
            chunks.add(new ChunkProof(index, chunk, path));
        }
        Signature sig;
        try {
            sig = Signature.wrap(r.raw(Signature.LENGTH, "signature"));
        } catch (ContentException.SignatureMalformed e) {
            throw new ContentException.ProofMalformed(e.getMessage());
        }
        r.end();
        return new RetentionProof(contentId, replica, nonce, chunks, sig);
    }
}
