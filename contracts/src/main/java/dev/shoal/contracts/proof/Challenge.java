package dev.shoal.contracts.proof;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * An audit of one replica: a fresh nonce and the replica's identity select {@code samples} chunks, uniformly
 * over all chunks of the content, with replacement:
 * {@code chunk_i = u64(SHA-256("shoal-challenge/1" || contentId || replica || nonce || u32 i)[0..8]) mod chunkCount}.
 * Binding the replica means one agent's answer is useless to another; the nonce means yesterday's is useless today.
 */
public record Challenge(Sha256 contentId, Address replica, Nonce nonce, int samples) {

    public static final int MAX_SAMPLES = 1024;
    /** 40 samples: a replica missing 10% of its chunks is caught with probability 98.5% per audit. */
    public static final int DEFAULT_SAMPLES = 40;
    private static final byte[] DOMAIN = "shoal-challenge/1".getBytes(StandardCharsets.US_ASCII);

    public Challenge {
        if (contentId == null || replica == null || nonce == null || samples < 1 || samples > MAX_SAMPLES) {
            throw new ContentException.MalformedValue("a challenge names content, replica, nonce and 1.."
                    + MAX_SAMPLES + " samples");
        }
    }

    /** A fresh challenge with a random nonce. */
    public static Challenge issue(Sha256 contentId, Address replica, int samples) {
        return new Challenge(contentId, replica, Nonce.random(), samples);
    }

    /** The global chunk indexes this challenge selects among {@code chunkCount} chunks. */
    public long[] selectChunks(long chunkCount) {
        if (chunkCount < 1) {
            throw new ContentException.MalformedValue("content has no chunks");
        }
        MessageDigest md = Sha256.newDigest();
        byte[] prefix = prefix();
        long[] out = new long[samples];
        for (int i = 0; i < samples; i++) {
            md.update(prefix);
            md.update((byte) (i >>> 24));
            md.update((byte) (i >>> 16));
            md.update((byte) (i >>> 8));
            md.update((byte) i);
            // 64 uniform bits mod a count below 2^48: the bias is under 2^-16 of one chunk's probability
            out[i] = Long.remainderUnsigned(Sha256.finish(md).leadingLong(), chunkCount);
        }
        return out;
    }

    private byte[] prefix() {
        byte[] p = new byte[DOMAIN.length + Sha256.LENGTH + Address.LENGTH + Nonce.LENGTH];
        System.arraycopy(DOMAIN, 0, p, 0, DOMAIN.length);
        System.arraycopy(contentId.bytes(), 0, p, DOMAIN.length, Sha256.LENGTH);
        System.arraycopy(replica.bytes(), 0, p, DOMAIN.length + Sha256.LENGTH, Address.LENGTH);
        System.arraycopy(nonce.bytes(), 0, p, DOMAIN.length + Sha256.LENGTH + Address.LENGTH, Nonce.LENGTH);
        return p;
    }
}
