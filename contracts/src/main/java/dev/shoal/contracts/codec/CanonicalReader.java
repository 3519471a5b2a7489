package dev.shoal.contracts.codec;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/** Reads {@link CanonicalWriter} output; every bound is checked and reported through {@code failure}. */
public final class CanonicalReader {

    private final byte[] data;
    private final Function<String, ContentException> failure;
    private int pos;

    public CanonicalReader(byte[] data, Function<String, ContentException> failure) {
        this.data = data == null ? new byte[0] : data;
        this.failure = failure;
    }

    private void need(long n, String what) {
        if (n < 0 || pos + n > data.length) {
            throw failure.apply("truncated: " + what + " needs " + n + " bytes at offset " + pos
                    + ", " + (data.length - pos) + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    public boolean bool(String what) {
        int v = u8(what);
        if (v > 1) {
            throw failure.apply(what + " must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    public long u32(String what) {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (data[pos++] & 0xff);
        }
        return v;
    }

    /** A u32 that must fit an int and not exceed {@code max} (guards allocations on hostile input). */
    public int count(String what, int max) {
        long v = u32(what);
        if (v > max) {
            throw failure.apply(what + " is " + v + ", more than " + max);
        }
        return (int) v;
    }

    public long u64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[pos++] & 0xff);
        }
        if (v < 0) {
            throw failure.apply(what + " out of range");
        }
        return v;
    }

    public byte[] raw(int n, String what) {
        need(n, what);
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[] bytes(String what, int max) {
        int n = count(what + " length", max);
        return raw(n, what);
    }

    public Sha256 digest(String what) {
        return Sha256.wrap(raw(Sha256.LENGTH, what));
    }

    public String str(String what, int maxBytes) {
        byte[] b = bytes(what, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw failure.apply(what + " is not UTF-8");
        }
    }

    /** Fails unless every byte was consumed: trailing bytes would make two encodings of one value. */
    public void end() {
        if (pos != data.length) {
            throw failure.apply((data.length - pos) + " trailing bytes after the encoding");
        }
    }
}
