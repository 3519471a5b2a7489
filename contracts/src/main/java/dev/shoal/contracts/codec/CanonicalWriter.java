package dev.shoal.contracts.codec;

import dev.shoal.contracts.hash.Sha256;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The canonical byte encoding shared by every signed object: big-endian fixed-width integers,
 * strings as u32 length + UTF-8, digests as their 32 raw bytes. There is exactly one encoding per value,
 * so hashes of encodings are identities. Internal to contracts; documented in docs/content-model.md.
 */
public final class CanonicalWriter {

    private final ByteArrayOutputStream out;

    public CanonicalWriter() {
        this(256);
    }

    public CanonicalWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    public CanonicalWriter u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    public CanonicalWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public CanonicalWriter u32(long v) {
        if (v < 0 || v > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (v >>> s) & 0xff);
        }
        return this;
    }

    public CanonicalWriter u64(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("u64 fields are non-negative here: " + v);
        }
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s) & 0xff);
        }
        return this;
    }

    public CanonicalWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** u32 length, then the bytes. */
    public CanonicalWriter bytes(byte[] bytes) {
        u32(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    public CanonicalWriter digest(Sha256 d) {
        out.writeBytes(d.bytes());
        return this;
    }

    public CanonicalWriter str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public Sha256 sha256() {
        return Sha256.of(out.toByteArray());
    }
}
