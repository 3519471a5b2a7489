package dev.shoal.contracts.proof;

import dev.shoal.contracts.error.ContentException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** 32 fresh random bytes that make a challenge unpredictable and single-use. */
public final class Nonce {

    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private Nonce(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Nonce random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new Nonce(b);
    }

    public static Nonce wrap(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ContentException.MalformedValue("a nonce is 32 bytes");
        }
        return new Nonce(bytes.clone());
    }

    public static Nonce fromHex(String hex) {
        String h = hex == null ? "" : hex.startsWith("0x") ? hex.substring(2) : hex;
        if (h.length() != 2 * LENGTH) {
            throw new ContentException.MalformedValue("a nonce is 64 hex digits");
        }
        try {
            return new Nonce(HexFormat.of().parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new ContentException.MalformedValue("a nonce is 64 hex digits");
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nonce other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
