package dev.shoal.contracts.hash;

import dev.shoal.contracts.error.ContentException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: how segments are addressed, how chain links and Merkle nodes are made. Immutable. */
public final class Sha256 implements Comparable<Sha256> {

    public static final int LENGTH = 32;
    /** The chain's genesis link: link(-1). */
    public static final Sha256 ZERO = new Sha256(new byte[LENGTH]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh SHA-256 MessageDigest (every JDK has one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static Sha256 of(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    public static Sha256 of(byte[] data, int offset, int length) {
        MessageDigest md = newDigest();
        md.update(data, offset, length);
        return new Sha256(md.digest());
    }

    /** Finishes {@code digest} (which is reset). */
    public static Sha256 finish(MessageDigest digest) {
        return new Sha256(digest.digest());
    }

    /** Wraps a copy of 32 bytes. */
    public static Sha256 wrap(byte[] digest) {
        if (digest == null || digest.length != LENGTH) {
            throw new ContentException.MalformedValue("a SHA-256 digest is 32 bytes, got "
                    + (digest == null ? "none" : digest.length));
        }
        return new Sha256(digest.clone());
    }

    /** Parses 64 hex digits, with or without a 0x prefix. */
    public static Sha256 fromHex(String hex) {
        if (hex == null) {
            throw new ContentException.MalformedValue("a SHA-256 digest is 64 hex digits, got none");
        }
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (h.length() != 2 * LENGTH) {
            throw new ContentException.MalformedValue("a SHA-256 digest is 64 hex digits, got " + h.length());
        }
        try {
            return new Sha256(HEX.parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new ContentException.MalformedValue("not hex: " + abbreviate(h));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Feeds the digest into {@code md} without copying. */
    public void updateInto(MessageDigest md) {
        md.update(bytes);
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}, without allocating. */
    public void copyInto(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** The first 8 bytes as a big-endian unsigned long (used for uniform sampling). */
    public long leadingLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[i] & 0xff);
        }
        return v;
    }

    /** 64 lowercase hex digits, no prefix: the form used in URIs ({@code /segments/{sha256}}) and JSON. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Sha256 o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
